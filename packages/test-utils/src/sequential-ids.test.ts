import { describe, expect, it } from 'vitest'
import { sequentialIds } from './sequential-ids'

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('sequentialIds', () => {
  it('counts up in valid, sortable UUIDv7-shaped ids', () => {
    const newId = sequentialIds()
    const ids = Array.from({ length: 20 }, () => newId())
    expect(ids[0]).toBe('00000000-0000-7000-8000-000000000001')
    expect(ids[19]).toBe('00000000-0000-7000-8000-000000000014')
    expect(ids.every((id) => uuidV7.test(id))).toBe(true)
    expect([...ids].sort()).toEqual(ids)
  })

  it('keeps generators independent and namespaces apart', () => {
    const a = sequentialIds()
    const b = sequentialIds(7)
    a()
    expect(a()).toBe('00000000-0000-7000-8000-000000000002')
    expect(b()).toBe('00000000-0007-7000-8000-000000000001')
    expect(() => sequentialIds(70_000)).toThrow(RangeError)
  })
})
