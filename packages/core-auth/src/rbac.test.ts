import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isCoreAuthError } from './core-auth-error'
import type { Action, Resource, Role } from './rbac'
import {
  ACTIONS,
  RESOURCES,
  ROLES,
  createRbac,
  formatPermission,
  hasPermission,
  parsePermission,
  permissionScope,
  rolePermissions,
} from './rbac'

// Written out by hand from §5.2/§5.3 plus the documented decisions, NOT derived from rbac.ts.
// Letters: C create, R read, U update, D delete, L list, E export, I import, M manage (= all 8).
// Upper case = scope 'all', lower case = scope 'own', absent / '-' = 'none'.
const EXPECTED = `
resource    super_admin admin  manager  customer
users       M           M      -        -
tenants     M           -      -        -
modules     M           RL     -        -
settings    M           M      -        -
products    M           M      CRUDL    RL
categories  M           M      CRUDL    RL
orders      M           M      RUL      crl
customers   M           M      RL       -
inventory   M           M      CRUL     -
discounts   M           M      -        -
posts       M           M      CRUDL    RL
pages       M           M      -        -
nodes       M           M      CRUDL    RL
media       M           M      CRUDL    -
comments    M           M      -        cRudL
analytics   M           M      R        -
logs        M           RL     -        -
webhooks    M           M      -        -
`

const ALL_ROLES = ['super_admin', 'admin', 'manager', 'customer']
const ALL_ACTIONS = ['create', 'read', 'update', 'delete', 'list', 'export', 'import', 'manage']
const LETTER: Record<string, string> = {
  create: 'c',
  read: 'r',
  update: 'u',
  delete: 'd',
  list: 'l',
  export: 'e',
  import: 'i',
  manage: 'm',
}

const rows = EXPECTED.trim()
  .split('\n')
  .slice(1)
  .map((line) => line.trim().split(/\s+/))

const expectedScope = (resource: string, role: string, action: string): string => {
  const row = rows.find(([name]) => name === resource)
  const cell = row?.[ALL_ROLES.indexOf(role) + 1] ?? '-'
  if (cell === 'M') return 'all'
  if (cell.includes(LETTER[action]!.toUpperCase())) return 'all'
  if (cell.includes(LETTER[action]!)) return 'own'
  return 'none'
}

describe('the static matrix', () => {
  it('has exactly the 4 roles, 18 resources and 8 actions', () => {
    expect([...ROLES]).toEqual(ALL_ROLES)
    expect([...RESOURCES].sort()).toEqual(rows.map(([name]) => name).sort())
    expect(RESOURCES).toHaveLength(18)
    expect([...ACTIONS]).toEqual(ALL_ACTIONS)
  })

  it.each(ALL_ROLES)('matches the literal table for every resource × action of %s', (role) => {
    const mismatches: string[] = []
    for (const [resource] of rows) {
      for (const action of ALL_ACTIONS) {
        const want = expectedScope(resource!, role, action)
        const r = resource as Resource
        const a = action as Action
        const gotScope = permissionScope(role as Role, r, a)
        const gotHas = hasPermission(role as Role, r, a)
        if (gotScope !== want || gotHas !== (want !== 'none')) {
          mismatches.push(`${resource}:${action} want ${want}, got ${gotScope}/${gotHas}`)
        }
      }
    }
    expect(mismatches).toEqual([])
  })

  it('manage implies export and import', () => {
    expect(hasPermission('admin', 'products', 'export')).toBe(true)
    expect(hasPermission('admin', 'products', 'import')).toBe(true)
    expect(hasPermission('manager', 'products', 'export')).toBe(false)
  })

  it('grants customers their own comments, and scopes their comment creation to themselves', () => {
    expect(hasPermission('customer', 'comments', 'update')).toBe(true)
    expect(permissionScope('customer', 'comments', 'update')).toBe('own')
    expect(permissionScope('customer', 'comments', 'delete')).toBe('own')
    expect(permissionScope('customer', 'comments', 'create')).toBe('own')
    expect(permissionScope('customer', 'comments', 'read')).toBe('all')
    expect(permissionScope('customer', 'comments', 'manage')).toBe('none')
  })

  it('lists the matrix entries of a role without expanding manage', () => {
    expect(rolePermissions('manager')).toContain('orders:update')
    expect(rolePermissions('admin')).toContain('products:manage')
    expect(rolePermissions('admin')).not.toContain('products:read')
    expect(rolePermissions('admin')).toEqual(
      expect.arrayContaining(['modules:read', 'modules:list', 'logs:read', 'logs:list']),
    )
    expect(rolePermissions('customer')).toHaveLength(16)
  })
})

describe('parsePermission / formatPermission', () => {
  const resource = fc.constantFrom(...RESOURCES)
  const action = fc.constantFrom(...ACTIONS)

  it('round-trips every permission', () => {
    fc.assert(
      fc.property(resource, action, (r, a) => {
        expect(parsePermission(formatPermission(r, a))).toEqual({
          ok: true,
          permission: `${r}:${a}`,
          resource: r,
          action: a,
        })
      }),
    )
  })

  it('re-formats any accepted string to itself (except the * alias)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const parsed = parsePermission(s)
        if (parsed.ok && !s.endsWith(':*')) {
          expect(formatPermission(parsed.resource, parsed.action)).toBe(s)
        }
      }),
    )
  })

  it('accepts * as manage', () => {
    expect(parsePermission('orders:*')).toMatchObject({ ok: true, permission: 'orders:manage' })
  })

  it.each([
    ['products', 'INVALID_FORMAT'],
    ['products:read:extra', 'INVALID_FORMAT'],
    ['', 'INVALID_FORMAT'],
    ['widgets:read', 'UNKNOWN_RESOURCE'],
    ['Products:read', 'UNKNOWN_RESOURCE'],
    ['products:fly', 'UNKNOWN_ACTION'],
    ['products:', 'UNKNOWN_ACTION'],
    ['constructor:read', 'UNKNOWN_RESOURCE'],
  ])('rejects %j with %s', (input, reason) => {
    expect(parsePermission(input)).toEqual({ ok: false, reason })
  })
})

describe('createRbac', () => {
  const rbac = createRbac({
    customRoles: {
      editor: { inherits: 'customer', grants: ['posts:update', 'pages:manage', 'orders:read'] },
      auditor: { grants: ['logs:read'] },
    },
  })

  it('answers built-in roles exactly like the static functions', () => {
    for (const role of ROLES) {
      for (const r of RESOURCES) {
        for (const a of ACTIONS) {
          expect(rbac.scope(role, r, a)).toBe(permissionScope(role, r, a))
          expect(rbac.can(role, r, a)).toBe(hasPermission(role, r, a))
        }
      }
    }
  })

  it('combines inherited scopes with granted ones (widest wins)', () => {
    expect(rbac.can('editor', 'pages', 'delete')).toBe(true)
    expect(rbac.scope('editor', 'pages', 'export')).toBe('all')
    expect(rbac.scope('editor', 'posts', 'update')).toBe('all')
    expect(rbac.scope('editor', 'orders', 'create')).toBe('own')
    expect(rbac.scope('editor', 'orders', 'read')).toBe('all')
    expect(rbac.scope('editor', 'comments', 'delete')).toBe('own')
    expect(rbac.can('editor', 'users', 'read')).toBe(false)
  })

  it('gives a role without inheritance only its grants', () => {
    expect(rbac.scope('auditor', 'logs', 'read')).toBe('all')
    expect(rbac.can('auditor', 'logs', 'list')).toBe(false)
    expect(rbac.can('auditor', 'products', 'read')).toBe(false)
  })

  it('denies unknown roles, including prototype keys', () => {
    for (const name of ['nobody', 'constructor', '__proto__', 'toString', '']) {
      expect(rbac.can(name, 'products', 'read')).toBe(false)
      expect(rbac.scope(name, 'products', 'read')).toBe('none')
    }
  })

  it('works with no options', () => {
    expect(createRbac().can('admin', 'users', 'delete')).toBe(true)
  })

  it.each([
    ['shadowing a built-in role', { admin: { grants: [] } }],
    ['an unknown inherited role', { x: { inherits: 'root' as Role, grants: [] } }],
    ['a malformed grant', { x: { grants: ['products:fly' as 'products:read'] } }],
  ])('rejects %s with INVALID_INPUT', (_label, customRoles) => {
    try {
      createRbac({ customRoles })
      expect.unreachable()
    } catch (error) {
      expect(isCoreAuthError(error) && error.code).toBe('INVALID_INPUT')
    }
  })
})
