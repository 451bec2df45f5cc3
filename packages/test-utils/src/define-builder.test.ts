import { describe, expect, it } from 'vitest'
import { defineBuilder } from './define-builder'

describe('defineBuilder', () => {
  const aTenant = defineBuilder((n) => ({ slug: `tenant-${n}`, name: `Tenant ${n}`, active: true }))

  it('builds distinct values from a sequence, with overrides winning', () => {
    const first = aTenant()
    const second = aTenant({ active: false })
    expect(first).toEqual({ slug: 'tenant-1', name: 'Tenant 1', active: true })
    expect(second).toEqual({ slug: 'tenant-2', name: 'Tenant 2', active: false })
  })
})
