import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { operationMetrics, outcomeOf, type OperationRoute } from './operation-metrics'

function setup(routes: OperationRoute[]) {
  const seen: [string, string, string][] = []
  const app = new Hono()
  app.onError((_error, c) => c.json({ error: true }, 500))
  app.use(operationMetrics({ observeOperation: (...args) => void seen.push(args) }, routes))
  app.get('/items/:id', (c) => (c.req.param('id') === 'bad' ? c.json({}, 404) : c.json({})))
  app.post('/items', () => {
    throw new Error('boom')
  })
  return { app, seen }
}

describe('operationMetrics', () => {
  const routes: OperationRoute[] = [
    { method: 'get', path: '/items/:id', operationId: 'getItem', tags: ['catalog'] },
    { method: 'post', path: '/items', operationId: 'createItem', tags: ['x'], module: 'shop' },
  ]

  it('counts a request as an operation of its module, by outcome', async () => {
    const { app, seen } = setup(routes)
    await app.request('/items/1')
    await app.request('/items/bad')
    await app.request('/items', { method: 'POST' })
    expect(seen).toEqual([
      ['catalog', 'getItem', 'ok'],
      ['catalog', 'getItem', 'rejected'],
      ['shop', 'createItem', 'error'],
    ])
  })

  it('ignores requests that match no declared route', async () => {
    const { app, seen } = setup(routes)
    await app.request('/nowhere')
    expect(seen).toEqual([])
  })

  it('maps statuses to outcomes', () => {
    expect([200, 204, 304, 400, 404, 429, 500, 503].map(outcomeOf)).toEqual([
      'ok',
      'ok',
      'ok',
      'rejected',
      'rejected',
      'rejected',
      'error',
      'error',
    ])
  })
})
