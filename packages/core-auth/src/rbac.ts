import { CoreAuthError } from './core-auth-error'

/** The four built-in roles (A2), least privileged last. */
export const ROLES = ['super_admin', 'admin', 'manager', 'customer'] as const

/** A built-in role. Custom roles (see {@link createRbac}) have free-form names. */
export type Role = (typeof ROLES)[number]

/** The 18 protected resources (A2). */
export const RESOURCES = [
  'users',
  'tenants',
  'modules',
  'settings',
  'products',
  'categories',
  'orders',
  'customers',
  'inventory',
  'discounts',
  'posts',
  'pages',
  'nodes',
  'media',
  'comments',
  'analytics',
  'logs',
  'webhooks',
] as const

/** A protected resource. */
export type Resource = (typeof RESOURCES)[number]

/** The 8 actions. `manage` implies every other action on the same resource. */
export const ACTIONS = [
  'create',
  'read',
  'update',
  'delete',
  'list',
  'export',
  'import',
  'manage',
] as const

/** An action on a resource. */
export type Action = (typeof ACTIONS)[number]

/** A permission in its wire form, e.g. `'products:update'`. */
export type Permission = `${Resource}:${Action}`

/**
 * How far a granted permission reaches: `all` records, only the caller's `own` records (author or
 * owner = caller), or `none` (no permission).
 */
export type PermissionScope = 'all' | 'own' | 'none'

/** The outcome of {@link parsePermission}. */
export type ParsedPermission =
  | { ok: true; permission: Permission; resource: Resource; action: Action }
  | { ok: false; reason: 'INVALID_FORMAT' | 'UNKNOWN_RESOURCE' | 'UNKNOWN_ACTION' }

type Grants = Readonly<Partial<Record<Resource, readonly Action[]>>>

const CRUDL: readonly Action[] = ['create', 'read', 'update', 'delete', 'list']
const MANAGE: readonly Action[] = ['manage']
const manageAll = (except: readonly Resource[] = []): Grants =>
  Object.fromEntries(RESOURCES.filter((r) => !except.includes(r)).map((r) => [r, MANAGE]))

/**
 * The static role → resource → actions matrix (the original's §5.2), with two deliberate changes:
 * customers hold `comments:update` and `comments:delete`, scoped to their own comments (see
 * {@link permissionScope}), where the original gave them an `own` scope without the permission;
 * and admins read their tenant's logs (its audit log). Every grant reaches the role's own tenant
 * only: routes that act on every tenant (`tenants:*`, the outbox's dead letters) also need a
 * platform operator (ADR 0020), whatever the role.
 */
export const ROLE_GRANTS: Readonly<Record<Role, Grants>> = {
  super_admin: manageAll(),
  admin: {
    ...manageAll(['tenants', 'modules', 'logs']),
    modules: ['read', 'list'],
    logs: ['read', 'list'],
  },
  manager: {
    products: CRUDL,
    categories: CRUDL,
    orders: ['read', 'update', 'list'],
    customers: ['read', 'list'],
    inventory: ['create', 'read', 'update', 'list'],
    posts: CRUDL,
    nodes: CRUDL,
    media: CRUDL,
    analytics: ['read'],
  },
  customer: {
    products: ['read', 'list'],
    categories: ['read', 'list'],
    orders: ['create', 'read', 'list'],
    posts: ['read', 'list'],
    nodes: ['read', 'list'],
    comments: CRUDL,
  },
}

// Customer grants that only reach the customer's own records. Everything else granted is `all`.
const CUSTOMER_OWN: Grants = {
  orders: ACTIONS,
  comments: ['create', 'update', 'delete'],
}

const includes = (grants: Grants, resource: Resource, action: Action): boolean => {
  const actions = grants[resource] ?? []
  return actions.includes(action) || actions.includes('manage')
}

/**
 * Whether a built-in role holds `resource:action`; holding `resource:manage` implies every action.
 *
 * @example
 * ```ts
 * hasPermission('manager', 'orders', 'update') // true
 * hasPermission('admin', 'products', 'export') // true, via products:manage
 * ```
 */
export function hasPermission(role: Role, resource: Resource, action: Action): boolean {
  return includes(ROLE_GRANTS[role], resource, action)
}

/**
 * The scope of `resource:action` for a built-in role (§5.3): `none` without the permission;
 * super_admin, admin and manager always get `all`; a customer gets `own` on every orders action and on
 * comments create/update/delete, `all` elsewhere (e.g. reading comments, products).
 *
 * Deliberate decisions, differing from the original: customers MAY update and delete their OWN
 * comments (a real grant, so {@link hasPermission} agrees and `scope !== 'none'` exactly when the
 * permission is held), and a customer's comment `create` is `own` (the author is forced to the caller)
 * instead of `all` (which would let a customer post under another author).
 */
export function permissionScope(role: Role, resource: Resource, action: Action): PermissionScope {
  if (!hasPermission(role, resource, action)) return 'none'
  if (role === 'customer' && includes(CUSTOMER_OWN, resource, action)) return 'own'
  return 'all'
}

/** The permissions a built-in role holds as listed in the matrix (`x:manage` not expanded). */
export function rolePermissions(role: Role): readonly Permission[] {
  return Object.entries(ROLE_GRANTS[role]).flatMap(([resource, actions]) =>
    actions.map((action) => `${resource}:${action}` as Permission),
  )
}

/** Whether `value` names a built-in role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

/** Renders a permission as `'resource:action'`. */
export function formatPermission(resource: Resource, action: Action): Permission {
  return `${resource}:${action}`
}

/**
 * Parses `'resource:action'` (exactly two parts; `'*'` is an alias of `manage`). Unknown parts are
 * reported, never thrown: permission strings come from storage and requests.
 */
export function parsePermission(value: string): ParsedPermission {
  const parts = value.split(':')
  if (parts.length !== 2) return { ok: false, reason: 'INVALID_FORMAT' }
  const [resource = '', rawAction = ''] = parts
  const action = rawAction === '*' ? 'manage' : rawAction
  if (!(RESOURCES as readonly string[]).includes(resource)) {
    return { ok: false, reason: 'UNKNOWN_RESOURCE' }
  }
  if (!(ACTIONS as readonly string[]).includes(action)) {
    return { ok: false, reason: 'UNKNOWN_ACTION' }
  }
  const typedResource = resource as Resource
  const typedAction = action as Action
  return {
    ok: true,
    permission: formatPermission(typedResource, typedAction),
    resource: typedResource,
    action: typedAction,
  }
}

/**
 * A tenant-defined role: everything of the built-in role it `inherits` (with that role's scopes),
 * plus `grants` with scope `all`. Whoever stores one must check that its author holds every
 * permission it gives, or a tenant admin could mint a role above their own.
 */
export interface CustomRole {
  inherits?: Role
  grants: readonly Permission[]
}

/** Options of {@link createRbac}. */
export interface RbacOptions {
  /** Custom roles by name; a name may not shadow a built-in role. */
  customRoles?: Readonly<Record<string, CustomRole>>
}

/** Authorization decisions over built-in and custom roles. Unknown role names are denied. */
export interface Rbac {
  /** Whether the role holds `resource:action` (`manage` implies every action). */
  can(roleName: string, resource: Resource, action: Action): boolean
  /** The scope of `resource:action` for the role; the widest of inherited and granted scopes. */
  scope(roleName: string, resource: Resource, action: Action): PermissionScope
}

const WIDTH: Readonly<Record<PermissionScope, number>> = { none: 0, own: 1, all: 2 }

/**
 * Creates a pure RBAC evaluator over the built-in matrix and the given custom roles (a tenant's roles,
 * loaded by the caller). Definitions are validated once: a shadowing name, an unknown inherited role or
 * a malformed grant throws `CoreAuthError` `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * const rbac = createRbac({
 *   customRoles: { editor: { inherits: 'customer', grants: ['posts:update', 'pages:manage'] } },
 * })
 * rbac.can('editor', 'pages', 'delete') // true
 * rbac.scope('editor', 'orders', 'read') // 'own', inherited from customer
 * ```
 */
export function createRbac({ customRoles = {} }: RbacOptions = {}): Rbac {
  const roles = new Map<string, { inherits: Role | undefined; grants: Grants }>()
  for (const [name, definition] of Object.entries(customRoles)) {
    if (isRole(name)) {
      throw new CoreAuthError('INVALID_INPUT', `Custom role "${name}" shadows a built-in role`)
    }
    const { inherits, grants } = definition
    if (inherits !== undefined && !isRole(inherits)) {
      throw new CoreAuthError('INVALID_INPUT', `Custom role "${name}" inherits unknown role`)
    }
    const byResource: Partial<Record<Resource, Action[]>> = {}
    for (const grant of grants) {
      const parsed = parsePermission(grant)
      if (!parsed.ok) {
        throw new CoreAuthError(
          'INVALID_INPUT',
          `Custom role "${name}" has invalid grant "${grant}": ${parsed.reason}`,
        )
      }
      ;(byResource[parsed.resource] ??= []).push(parsed.action)
    }
    roles.set(name, { inherits, grants: byResource })
  }

  const scope = (roleName: string, resource: Resource, action: Action): PermissionScope => {
    if (isRole(roleName)) return permissionScope(roleName, resource, action)
    const custom = roles.get(roleName)
    if (custom === undefined) return 'none'
    const inherited: PermissionScope =
      custom.inherits === undefined ? 'none' : permissionScope(custom.inherits, resource, action)
    const granted: PermissionScope = includes(custom.grants, resource, action) ? 'all' : 'none'
    return WIDTH[granted] > WIDTH[inherited] ? granted : inherited
  }

  return {
    can: (roleName, resource, action) => scope(roleName, resource, action) !== 'none',
    scope,
  }
}
