import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../testing/test-server.test-helper'
import { undeclaredRoutes } from '@rustok/http'

describe('every route declares who may call it (A1)', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(() => server.destroy())

  it('finds no mounted route without a definition', () => {
    expect(server.routes.length).toBeGreaterThan(0)
    expect(undeclaredRoutes(server.app, server.routes)).toEqual([])
  })

  it('catches a handler mounted around the definitions', () => {
    server.app.get('/api/sneaky', (c) => c.json({ leaked: true }))
    expect(undeclaredRoutes(server.app, server.routes)).toEqual(['GET /api/sneaky'])
  })
})
