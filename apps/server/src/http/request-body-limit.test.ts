import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { requestBodyLimit } from './request-body-limit'

function app() {
  const server = new Hono()
  server.use(
    requestBodyLimit({ maxSize: 8, onError: (c) => c.json({ code: 'PAYLOAD_TOO_LARGE' }, 413) }),
  )
  server.get('/', (c) => c.text('read'))
  server.post('/', async (c) => c.text(`got ${(await c.req.text()).length} bytes`))
  return server
}

/** A request that records whether its body was asked for. */
function watched(method: string): { request: Request; bodyRead: () => boolean } {
  const request = new Request('http://localhost/', { method })
  let read = false
  Object.defineProperty(request, 'body', {
    get() {
      read = true
      return null
    },
  })
  return { request, bodyRead: () => read }
}

describe('requestBodyLimit', () => {
  it('refuses a body over the limit and passes one within it', async () => {
    const large = await app().request('/', { method: 'POST', body: '123456789' })
    expect(large.status).toBe(413)
    const small = await app().request('/', { method: 'POST', body: '12345678' })
    expect(await small.text()).toBe('got 8 bytes')
  })

  it.each(['GET', 'HEAD'])('never asks a %s request for its body', async (method) => {
    const { request, bodyRead } = watched(method)
    const res = await app().fetch(request)
    expect(res.status).toBe(200)
    expect(bodyRead()).toBe(false)
  })

  it('still checks other methods, even without a body', async () => {
    const { request, bodyRead } = watched('DELETE')
    await app().fetch(request)
    expect(bodyRead()).toBe(true)
  })
})
