import type { Context } from 'hono'
import type * as v from 'valibot'
import type { AppEnv, PrincipalVariables, RequestVariables, TenantVariables } from './app-env'

/** Any valibot schema: what a route's body, query and params are checked with. */
export type AnySchema = v.GenericSchema<unknown, unknown>

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete'

/**
 * A permission as `resource:action` (`users:list`). Which permissions exist is the RBAC's business
 * (`@rustok/core-auth`); its authorization middleware refuses an unknown one when routes are mounted.
 */
export type Permission = `${string}:${string}`

/** Anyone, with no token. Login, registration, health, the API reference. */
export interface PublicAccess {
  readonly kind: 'public'
}
/** Any signed-in user of the tenant: the caller's own profile and sessions. */
export interface AuthenticatedAccess {
  readonly kind: 'authenticated'
}
/**
 * A signed-in user whose role (built-in or the tenant's custom role) holds the permission. A
 * `platform` route acts on every tenant (tenants, the outbox's events): its caller must also be a
 * platform operator, which no tenant role makes anyone (ADR 0020).
 */
export interface PermissionAccess {
  readonly kind: 'permission'
  readonly permission: Permission
  readonly platform?: boolean
}

/**
 * Who may call a route (requirement A1). Every route states one; there is no default, so a route
 * that forgets cannot be mounted, and the router-walk test fails on any Hono route mounted without
 * a definition.
 */
export type RouteAccess = PublicAccess | AuthenticatedAccess | PermissionAccess

export const PUBLIC: PublicAccess = { kind: 'public' }
export const AUTHENTICATED: AuthenticatedAccess = { kind: 'authenticated' }

/**
 * Access for holders of `permission`, e.g. `requires('users:list')`; for a route that acts on
 * every tenant, `requires('tenants:list', { platform: true })`: the platform operator only.
 */
export function requires(
  permission: Permission,
  options: { readonly platform?: boolean } = {},
): PermissionAccess {
  return options.platform === true
    ? { kind: 'permission', permission, platform: true }
    : { kind: 'permission', permission }
}

/**
 * `required` (default): the request must name an active tenant (header or host) and everything
 * the route touches is that tenant's. `none`: platform routes such as health and docs.
 */
export type TenantMode = 'required' | 'none'

/**
 * What a route's handler may read from its context, derived from its declaration: a route with a
 * tenant has `tenant` and `tenantId`; a signed-in route has `principal` and `userId`, both
 * non-optional. A public or tenant-less route has neither in its type.
 */
export interface RouteEnv<A extends RouteAccess, T extends TenantMode> {
  Variables: RequestVariables &
    (T extends 'required' ? TenantVariables : unknown) &
    (A extends PublicAccess ? unknown : PrincipalVariables)
}

/** The handler context of a route declared with access `A` and tenant mode `T`. */
export type RouteContext<
  A extends RouteAccess = RouteAccess,
  T extends TenantMode = 'required',
> = Context<RouteEnv<A, T>>

/** One documented response of a route. */
export interface RouteResponse {
  readonly description: string
  /** The JSON body; omitted for an empty body. */
  readonly schema?: AnySchema
  /**
   * Default `application/json` when a schema is given. Several when the body's type varies (a
   * style sheet or a script); the schema, if any, applies to each.
   */
  readonly contentType?: string | readonly string[]
}

/**
 * A request body the handler reads itself, as a stream (a file upload), instead of a JSON body the
 * chain parses. The route takes up to `maxBytes` in place of the server's JSON body limit; a
 * declared `Content-Length` above it is refused before the handler runs, but a chunked body has
 * no length up front, so the handler must count what it reads.
 */
export interface StreamedBody {
  /** Its media type, e.g. `multipart/form-data`. */
  readonly contentType: string
  readonly maxBytes: number
  /** Its fields, for the OpenAPI document. */
  readonly schema?: AnySchema
  readonly description?: string
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
  A extends RouteAccess,
  T extends TenantMode,
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
  readonly access: A
  /** Default `required`. Only public routes may run without a tenant. */
  readonly tenant?: T
  /** The tenant must have this module enabled, else 404 (the module's routes do not exist for it). */
  readonly module?: string
  /**
   * Whether an `Idempotency-Key` header is honoured. Default: true for POST, PUT, PATCH and
   * DELETE on routes with a tenant.
   */
  readonly idempotent?: boolean
  /**
   * The response carries secrets such as tokens: it is sent with `Cache-Control: no-store`, so
   * no cache or browser history keeps it. Other signed-in routes get `private`.
   */
  readonly noStore?: boolean
  readonly request?: { readonly body?: B; readonly query?: Q; readonly params?: P }
  /** A body the handler streams itself; not together with `request.body`. */
  readonly streamedBody?: StreamedBody
  /** Documented responses by status. Errors are problem+json and need not be listed. */
  readonly responses: Readonly<Record<number, RouteResponse>>
  readonly handler: (
    c: RouteContext<A, T>,
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
  readonly tenant: TenantMode
  readonly module?: string
  readonly idempotent: boolean
  readonly noStore?: boolean
  readonly request: {
    readonly body?: AnySchema
    readonly query?: AnySchema
    readonly params?: AnySchema
  }
  readonly streamedBody?: StreamedBody
  readonly responses: Readonly<Record<number, RouteResponse>>
  readonly handler: (
    c: Context<AppEnv>,
    input: RouteInput<unknown, unknown, unknown>,
  ) => Response | Promise<Response>
}

const MUTATING: ReadonlySet<HttpMethod> = new Set(['post', 'put', 'patch', 'delete'])

/**
 * Declares a route: method, path, who may call it, its valibot schemas (the one source for types,
 * validation and OpenAPI, requirement D2), its documented responses and its handler. The handler's
 * context is typed from the declaration: `c.var.principal` exists only on signed-in routes,
 * `c.var.tenant` only on routes with a tenant.
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
  A extends RouteAccess,
  T extends TenantMode = 'required',
  B extends AnySchema | undefined = undefined,
  Q extends AnySchema | undefined = undefined,
  P extends AnySchema | undefined = undefined,
>(spec: RouteSpec<A, T, B, Q, P>): Route {
  const tenant: TenantMode = spec.tenant ?? 'required'
  if (spec.access.kind !== 'public' && tenant === 'none') {
    // A token is bound to a tenant; a signed-in route without one could not check that binding.
    throw new Error(`Route ${spec.operationId}: only public routes may run without a tenant`)
  }
  if (spec.streamedBody && spec.request?.body) {
    throw new Error(
      `Route ${spec.operationId}: a streamed body and a JSON body schema exclude each other`,
    )
  }
  return {
    ...spec,
    tenant,
    idempotent: spec.idempotent ?? (MUTATING.has(spec.method) && tenant === 'required'),
    request: spec.request ?? {},
    // The chain built from this declaration sets exactly what RouteEnv promises before the
    // handler runs (mountRoutes), so widening the context here is safe.
    handler: spec.handler as unknown as Route['handler'],
  }
}
