import { permissionScope, isRole } from '@rustok/core-auth/rbac'
import { requestEventContext, type PermissionAccess, type RouteContext } from '@rustok/http'
import { ContentError, isContentError, type ContentActor } from '../index'

/**
 * The actor of a content route: the signed-in user, with the scope their role gives on `nodes`
 * for `action` (a built-in role through the RBAC matrix; a custom role that passed the route's
 * permission check reaches every node).
 */
export function contentActor(
  c: RouteContext<PermissionAccess>,
  action: 'create' | 'update' | 'delete',
): ContentActor {
  const { role } = c.var.principal
  const scope = isRole(role) ? permissionScope(role, 'nodes', action) : 'all'
  const context = requestEventContext(c)
  return {
    userId: c.var.userId,
    scope: scope === 'own' ? 'own' : 'all',
    correlationId: context.correlationId,
    traceId: context.traceId,
  }
}

/**
 * Runs a service call whose input came from the request's `part` (`body`, `query`), so the field
 * errors of a `ContentError` name the request field (`body.translations.0.slug`), as the route's
 * own validation does.
 */
export async function withInputPaths<T>(
  part: 'body' | 'query',
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!isContentError(error) || error.errors.length === 0) throw error
    throw new ContentError(error.code, error.message, {
      cause: error,
      errors: error.errors.map((field) => ({
        path: field.path === '' ? part : `${part}.${field.path}`,
        message: field.message,
      })),
    })
  }
}
