import { describe, expect, it, vi } from 'vitest'
import { announcingLocaleCache, createTenantChanges } from './tenant-changes'

const ID = '0b6c7a52-8f3e-4f4b-9a59-1f6a2d1c0e11'

function changes() {
  const tenantCache = { invalidateById: vi.fn(() => Promise.resolve()) }
  const localeCache = { get: vi.fn(() => Promise.resolve([])), invalidate: vi.fn() }
  const clearTenants = vi.fn()
  const tenantChanges = createTenantChanges({ tenantCache, localeCache, clearTenants })
  return { tenantChanges, tenantCache, localeCache, clearTenants }
}

describe('createTenantChanges', () => {
  it('tells every listener of an announcement until it unsubscribes', () => {
    const { tenantChanges } = changes()
    const first = vi.fn()
    const second = vi.fn()
    const stopFirst = tenantChanges.onAnnounce(first)
    tenantChanges.onAnnounce(second)
    tenantChanges.announce(ID)
    stopFirst()
    tenantChanges.announce('other')
    expect(first.mock.calls).toEqual([[ID]])
    expect(second.mock.calls).toEqual([[ID], ['other']])
  })

  it('does not let a throwing listener fail the change or starve the others', () => {
    const { tenantChanges } = changes()
    const after = vi.fn()
    tenantChanges.onAnnounce(() => {
      throw new Error('broken broadcaster')
    })
    tenantChanges.onAnnounce(after)
    expect(() => tenantChanges.announce(ID)).not.toThrow()
    expect(after).toHaveBeenCalledWith(ID)
  })

  it('forgets a tenant in both caches without announcing it', async () => {
    const { tenantChanges, tenantCache, localeCache } = changes()
    const listener = vi.fn()
    tenantChanges.onAnnounce(listener)
    await tenantChanges.forget(ID)
    expect(tenantCache.invalidateById).toHaveBeenCalledWith(ID)
    expect(localeCache.invalidate).toHaveBeenCalledWith(ID)
    expect(listener).not.toHaveBeenCalled()
  })

  it('forgets every tenant by clearing the tenant cache', async () => {
    const { tenantChanges, clearTenants } = changes()
    await tenantChanges.forgetAll()
    expect(clearTenants).toHaveBeenCalledOnce()
  })
})

describe('announcingLocaleCache', () => {
  it('invalidates locally and announces; reads pass through', async () => {
    const { tenantChanges, localeCache } = changes()
    const listener = vi.fn()
    tenantChanges.onAnnounce(listener)
    const cache = announcingLocaleCache(localeCache, tenantChanges)
    cache.invalidate(ID)
    expect(localeCache.invalidate).toHaveBeenCalledWith(ID)
    expect(listener).toHaveBeenCalledWith(ID)
    await cache.get(ID)
    expect(localeCache.get).toHaveBeenCalledWith(ID)
  })
})
