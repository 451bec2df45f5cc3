// `@rustok/core-auth/rbac`: the built-in RBAC matrix and permission strings, for tools and tests
// that inspect them. A service checks permissions through `createRbac()` from the root entry.
export {
  ACTIONS,
  formatPermission,
  hasPermission,
  isRole,
  parsePermission,
  permissionScope,
  RESOURCES,
  ROLE_GRANTS,
  rolePermissions,
  ROLES,
} from '../rbac'
export type { ParsedPermission } from '../rbac'
