import { requestEventContext } from '@rustok/http'
import { CommerceError, isCommerceError, type CommerceActor } from '../index'

/** The actor of an admin commerce route: the signed-in user, with the request's trace. */
export function commerceActor(c: Parameters<typeof requestEventContext>[0]): CommerceActor {
  const context = requestEventContext(c)
  return {
    userId: context.actorId,
    correlationId: context.correlationId,
    traceId: context.traceId,
  }
}

/**
 * Runs a service call whose input came from the request's `part`, so the field errors of a
 * `CommerceError` name the request field (`body.variants.2.sku`), as the route's validation does.
 */
export async function withInputPaths<T>(
  part: 'body' | 'query',
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!isCommerceError(error) || error.errors.length === 0) throw error
    throw new CommerceError(error.code, error.message, {
      cause: error,
      errors: error.errors.map((field) => ({
        path: field.path === '' ? part : `${part}.${field.path}`,
        message: field.message,
      })),
    })
  }
}

/** An id cursor for the one list style: `{ value: id, id }` encoded; the id back out. */
export const idCursor = {
  encode: (id: string | null): string | null =>
    id === null ? null : Buffer.from(JSON.stringify([id, id])).toString('base64url'),
  decode: (text: string | undefined): string | undefined => {
    if (text === undefined) return undefined
    try {
      const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
      if (Array.isArray(parsed) && typeof parsed[1] === 'string') return parsed[1]
    } catch {
      // fall through
    }
    throw new CommerceError('INVALID_INPUT', 'Not a cursor this API issued', {
      errors: [
        {
          path: 'query.cursor',
          message: 'Not a cursor this API issued: pass a nextCursor back unchanged',
        },
      ],
    })
  },
}

/** Product lists are newest first only: `sort=createdAt` (oldest first) is refused, not ignored. */
export function newestFirst(sort: { readonly direction: 'asc' | 'desc' }): void {
  if (sort.direction === 'desc') return
  throw new CommerceError('INVALID_INPUT', 'Products are listed newest first only', {
    errors: [{ path: 'query.sort', message: 'Expected -createdAt (newest first)' }],
  })
}
