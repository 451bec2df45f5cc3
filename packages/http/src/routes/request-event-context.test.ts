import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from './app-env'
import { requestEventContext } from './request-event-context'
import { traceContext } from './trace-context'

const SERVER_ID = '0190a000-0000-7000-8000-000000000001'
const CLIENT_ID = '0190a000-0000-7000-8000-0000000000aa'

function app(newId = () => SERVER_ID) {
  const server = new Hono<AppEnv>()
  server.use(traceContext({ newId }))
  server.get('/context', (c) => c.json(requestEventContext(c)))
  return server
}

describe('requestEventContext', () => {
  it('correlates events by the server’s request id, never by the caller’s X-Request-Id', async () => {
    const res = await app().request('/context', { headers: { 'X-Request-Id': CLIENT_ID } })
    expect(await res.json()).toMatchObject({ actorId: null, correlationId: SERVER_ID })
    expect(res.headers.get('X-Request-Id')).toBe(CLIENT_ID)
  })

  it('starts no chain for a request id that is not a UUID', async () => {
    const res = await app(() => 'not-a-uuid').request('/context')
    expect(await res.json()).toMatchObject({ correlationId: null })
  })
})
