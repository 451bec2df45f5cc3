import { createRbac, type CustomRole } from '../index'
import { describe, expect, it, vi } from 'vitest'
import { rolePrivileges } from './role-privilege'

const TENANT = '0190a000-0000-7000-8000-00000000000a'
const custom: Record<string, CustomRole> = {
  // Within admin: customer plus product management.
  merchandiser: { inherits: 'customer', grants: ['products:manage'] },
  // Above admin: tenants are super_admin's alone.
  operator: { inherits: 'customer', grants: ['tenants:read'] },
}

function privileges(actorRole: string) {
  const customRoles = {
    list: vi.fn(() => Promise.resolve(custom)),
    rbacFor: vi.fn(() => Promise.resolve(createRbac({ customRoles: custom }))),
  }
  return { customRoles, check: rolePrivileges({ customRoles }, { tenantId: TENANT, actorRole }) }
}

describe('rolePrivileges', () => {
  it('lets an actor give only roles within their own', async () => {
    const { check } = privileges('admin')
    expect(await check.within('admin')).toBe(true)
    expect(await check.within('manager')).toBe(true)
    expect(await check.within('customer')).toBe(true)
    expect(await check.within('super_admin')).toBe(false)
    expect(await check.within('merchandiser')).toBe(true)
    expect(await check.within('operator')).toBe(false)
  })

  it('ranks built-in roles without loading custom roles', async () => {
    const { check, customRoles } = privileges('manager')
    expect(await check.within('customer')).toBe(false) // customers hold comments, managers do not
    expect(await check.within('admin')).toBe(false)
    expect(await check.within('manager')).toBe(true)
    expect(customRoles.rbacFor).not.toHaveBeenCalled()
  })

  it('lets only super_admin give super_admin, and judges a custom actor by its grants', async () => {
    expect(await privileges('super_admin').check.within('super_admin')).toBe(true)
    expect(await privileges('super_admin').check.within('operator')).toBe(true)
    const merchandiser = privileges('merchandiser').check
    expect(await merchandiser.within('customer')).toBe(true)
    expect(await merchandiser.within('manager')).toBe(false)
  })

  it('knows which roles the tenant has', async () => {
    const { check } = privileges('admin')
    expect(await check.exists('manager')).toBe(true)
    expect(await check.exists('merchandiser')).toBe(true)
    expect(await check.exists('wizard')).toBe(false)
    expect(await check.exists('toString')).toBe(false)
  })
})
