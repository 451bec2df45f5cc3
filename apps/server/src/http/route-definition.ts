import type { Permission } from '@rustok/core-auth'
import type { Context } from 'hono'
import type * as v from 'valibot'
import type { AppEnv } from './app-env'

/** Any valibot schema: what a route's body, query and params are checked with. */
export type AnySchema = v.GenericSchema<unknown, unknown>

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

/**
 * Who may call a route (requirement A1). Every route states one; there is no default, so a route
 * that forgets cannot be mounted, and the router-walk test fails on any Hono route mounted without
 * a definition.
 */
export type RouteAccess =
  /** Anyone, with no token. Login, registration, health, the API reference. */
  | { readonly kind: 'public' }
  /** Any signed-in user of the tenant: the caller's own profile and sessions. */
  | { readonly kind: 'authenticated' }
  /** A signed-in user whose role (built-in or the tenant's custom role) holds the permission. */
  | { readonly kind: 'permission'; readonly permission: Permission }

export const PUBLIC: RouteAccess = { kind: 'public' }
export const AUTHENTICATED: RouteAccess = { kind: 'authenticated' }

/** Access for holders of `permission`, e.g. `requires('users:list')`. */
export function requires(permission: Permission): RouteAccess {
  return { kind: 'permission', permission }
}

/** One documented response of a route. */
export interface RouteResponse {
  readonly description: string
  /** The JSON body; omitted for an empty body. */
  readonly schema?: AnySchema
  /** Default `application/json` when a schema is given. */
  readonly contentType?: string
}

/** The validated input a handler receives; a part without a schema is `undefined`. */
export interface RouteInput<B, Q, P> {
  readonly body: B
  readonly query: Q
  readonly params: P
}

type Out<S> = S extends AnySchema ? v.InferOutput<S> : undefined

/** What {@link defineRoute} takes. */
export interface RouteSpec<
  B extends AnySchema | undefined,
  Q extends AnySchema | undefined,
  P extends AnySchema | undefined,
> {
  readonly method: HttpMethod
  /** Hono path syntax: `/api/admin/users/:id`. */
  readonly path: string
  /** Unique, camelCase: the OpenAPI `operationId`. */
  readonly operationId: string
  readonly summary: string
  readonly description?: string
  /** OpenAPI tags; the first is the module the route belongs to. */
  readonly tags: readonly string[]
  readonly access: RouteAccess
  /**
   * `required` (default): the request must name an active tenant (header or host) and everything
   * the route touches is that tenant's. `none`: platform routes such as health and docs.
   */
  readonly tenant?: 'required' | 'none'
  /** The tenant must have this module enabled, else 404 (the module's routes do not exist for it). */
  readonly module?: string
  /**
   * Whether an `Idempotency-Key` header is honoured. Default: true for POST, PUT, PATCH and
   * DELETE on routes with a tenant.
   */
  readonly idempotent?: boolean
  readonly request?: { readonly body?: B; readonly query?: Q; readonly params?: P }
  /** Documented responses by status. Errors are problem+json and need not be listed. */
  readonly responses: Readonly<Record<number, RouteResponse>>
  readonly handler: (
    c: Context<AppEnv>,
    input: RouteInput<Out<B>, Out<Q>, Out<P>>,
  ) => Response | Promise<Response>
}

/** A route with its input types erased, as the router and the OpenAPI generator see it. */
export interface Route {
  readonly method: HttpMethod
  readonly path: string
  readonly operationId: string
  readonly summary: string
  readonly description?: string
  readonly tags: readonly string[]
  readonly access: RouteAccess
  readonly tenant: 'required' | 'none'
  readonly module?: string
  readonly idempotent: boolean
  readonly request: {
    readonly body?: AnySchema
    readonly query?: AnySchema
    readonly params?: AnySchema
  }
  readonly responses: Readonly<Record<number, RouteResponse>>
  readonly handler: (
    c: Context<AppEnv>,
    input: RouteInput<unknown, unknown, unknown>,
  ) => Response | Promise<Response>
}

const MUTATING: ReadonlySet<HttpMethod> = new Set(['post', 'put', 'patch', 'delete'])

/**
 * Declares a route: method, path, who may call it, its valibot schemas (the one source for types,
 * validation and OpenAPI, requirement D2), its documented responses and its handler.
 *
 * @example
 * ```ts
 * export const getUser = defineRoute({
 *   method: 'get',
 *   path: '/api/admin/users/:id',
 *   operationId: 'getUser',
 *   summary: 'One user of the tenant',
 *   tags: ['users'],
 *   access: requires('users:read'),
 *   request: { params: v.object({ id: v.pipe(v.string(), v.uuid()) }) },
 *   responses: { 200: { description: 'The user', schema: UserSchema } },
 *   handler: async (c, { params }) => c.json(await users.get(c.var.tenantId, params.id)),
 * })
 * ```
 */
export function defineRoute<
  B extends AnySchema | undefined = undefined,
  Q extends AnySchema | undefined = undefined,
  P extends AnySchema | undefined = undefined,
>(spec: RouteSpec<B, Q, P>): Route {
  const tenant = spec.tenant ?? 'required'
  if (spec.access.kind !== 'public' && tenant === 'none') {
    // A token is bound to a tenant; a signed-in route without one could not check that binding.
    throw new Error(`Route ${spec.operationId}: only public routes may run without a tenant`)
  }
  return {
    ...spec,
    tenant,
    idempotent: spec.idempotent ?? (MUTATING.has(spec.method) && tenant === 'required'),
    request: spec.request ?? {},
    handler: spec.handler as Route['handler'],
  }
}
