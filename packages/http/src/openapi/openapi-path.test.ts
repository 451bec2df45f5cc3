import { describe, expect, it } from 'vitest'
import { openApiPath } from './openapi-path'

describe('openApiPath', () => {
  it('writes Hono parameters in OpenAPI syntax', () => {
    expect(openApiPath('/api/admin/users/:id')).toEqual({
      path: '/api/admin/users/{id}',
      params: [{ name: 'id' }],
    })
    expect(openApiPath('/api/posts/:postId/comments/:commentId').params).toEqual([
      { name: 'postId' },
      { name: 'commentId' },
    ])
  })

  it('keeps a static path as it is', () => {
    expect(openApiPath('/health/ready')).toEqual({ path: '/health/ready', params: [] })
  })

  it('turns a regex parameter into an anchored pattern, nested braces included', () => {
    expect(openApiPath('/files/:code{[a-z]{2}[0-9]+}')).toEqual({
      path: '/files/{code}',
      params: [{ name: 'code', pattern: '^(?:[a-z]{2}[0-9]+)$' }],
    })
  })

  it('refuses what OpenAPI cannot describe: wildcards and optional parameters', () => {
    expect(() => openApiPath('/docs/*')).toThrow(/wildcard/)
    expect(() => openApiPath('/api/posts/:id?')).toThrow(/:id\?/)
  })
})
