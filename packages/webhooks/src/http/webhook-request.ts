import { encodeCursor, requestEventContext, type Cursor } from '@rustok/http'
import { isWebhookError, WebhookError, type WebhookActor } from '../index'

/** The actor of an admin webhook route: the signed-in user, with the request's trace. */
export function webhookActor(c: Parameters<typeof requestEventContext>[0]): WebhookActor {
  const context = requestEventContext(c)
  return { userId: context.actorId, correlationId: context.correlationId, traceId: context.traceId }
}

/** Runs a service call whose input came from the body, so field errors name `body.<field>`. */
export async function withBodyPaths<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!isWebhookError(error) || error.errors.length === 0) throw error
    throw new WebhookError(error.code, error.message, {
      cause: error,
      errors: error.errors.map((field) => ({ path: `body.${field.path}`, message: field.message })),
    })
  }
}

/** An id cursor: the last id of a page, in the kit's cursor encoding. */
export const idCursor = {
  encode: (id: string | null): string | null =>
    id === null ? null : encodeCursor({ value: id, id }),
  after: (cursor: Cursor | undefined): string | undefined => {
    if (cursor === undefined) return undefined
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(cursor.id))
      return cursor.id
    throw new WebhookError('INVALID_INPUT', 'Not a cursor this API issued', {
      errors: [
        {
          path: 'query.cursor',
          message: 'Not a cursor this API issued: pass a nextCursor back unchanged',
        },
      ],
    })
  },
}

/** Lists are newest first only: `sort=createdAt` is refused, not ignored. */
export function newestFirst(sort: { readonly direction: 'asc' | 'desc' }): void {
  if (sort.direction === 'desc') return
  throw new WebhookError('INVALID_INPUT', 'Listed newest first only', {
    errors: [{ path: 'query.sort', message: 'Expected -createdAt (newest first)' }],
  })
}
