import { describe, expect, it } from 'vitest'
import { createModuleRegistry } from './module-registry'

describe('createModuleRegistry', () => {
  it('lists modules by name and finds dependents', () => {
    const registry = createModuleRegistry([
      { name: 'pages' },
      { name: 'content' },
      { name: 'blog', dependsOn: ['content'] },
      { name: 'forum', dependsOn: ['content'] },
    ])
    expect(registry.list().map((module) => module.name)).toEqual([
      'blog',
      'content',
      'forum',
      'pages',
    ])
    expect(registry.dependentsOf('content')).toEqual(['blog', 'forum'])
    expect(registry.get('nope')).toBeUndefined()
  })

  it('rejects duplicates, bad names, unknown dependencies and cycles', () => {
    expect(() => createModuleRegistry([{ name: 'a' }, { name: 'a' }])).toThrow(/listed twice/)
    expect(() => createModuleRegistry([{ name: 'a b' }])).toThrow(/bad module name/)
    expect(() => createModuleRegistry([{ name: 'a', dependsOn: ['b'] }])).toThrow(
      /unknown module "b"/,
    )
    expect(() =>
      createModuleRegistry([
        { name: 'a', dependsOn: ['b'] },
        { name: 'b', dependsOn: ['a'] },
      ]),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('cycle') as unknown,
      }),
    )
  })
})
