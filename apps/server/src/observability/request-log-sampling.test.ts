import { Writable } from 'node:stream'
import { Hono } from 'hono'
import { describe, expect, it, vi } from 'vitest'
import { createLogger } from './logger'
import { requestLog } from './request-log'

function app() {
  const lines: Record<string, unknown>[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>)
      done()
    },
  })
  const logger = createLogger({ level: 'info', destination: stream })
  const makeChild = vi.spyOn(logger, 'child')
  const server = new Hono()
  server.use(requestLog({ logger, sample: { routes: ['/health/live'], every: 3 } }))
  server.get('/health/live', (c) =>
    c.req.header('x-down') ? c.json({ live: false }, 503) : c.json({ live: true }),
  )
  server.get('/posts/:id', (c) => c.json({ id: c.req.param('id') }))
  return { server, lines, makeChild }
}

describe('requestLog sampling and route children', () => {
  it('writes one successful line in `every` of a sampled route, marked, and every failure', async () => {
    const { server, lines } = app()
    for (let n = 0; n < 7; n++) await server.request('/health/live')
    await server.request('/health/live', { headers: { 'x-down': '1' } })
    await server.request('/posts/1')
    await server.request('/posts/2')
    const health = lines.filter((line) => line['route'] === '/health/live')
    expect(health.filter((line) => line['status'] === 200)).toHaveLength(3)
    expect(health.filter((line) => line['status'] === 200)[0]).toMatchObject({ sampledOneIn: 3 })
    expect(health.filter((line) => line['status'] === 503)).toHaveLength(1)
    expect(lines.filter((line) => line['route'] === '/posts/:id')).toHaveLength(2)
    expect(lines.find((line) => line['route'] === '/posts/:id')).not.toHaveProperty('sampledOneIn')
  })

  it('binds method and route once per route, in a child, instead of on every line', async () => {
    const { server, lines, makeChild } = app()
    for (let n = 0; n < 3; n++) await server.request(`/posts/${n}`)
    const bound = makeChild.mock.calls.filter(([bindings]) => 'route' in bindings)
    expect(bound).toEqual([[{ method: 'GET', route: '/posts/:id' }]])
    expect(lines).toHaveLength(3)
    expect(lines[2]).toMatchObject({ method: 'GET', route: '/posts/:id', path: '/posts/2' })
  })
})
