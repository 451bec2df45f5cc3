import { executionAsyncResource } from 'node:async_hooks'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createWritePositions, OUTBOX_POSITION_HEADER } from './outbox-position'

/** Whether promises pay async hooks now (see core-db's transaction guard test). */
async function promiseHooksOn(): Promise<boolean> {
  await Promise.resolve()
  return executionAsyncResource() instanceof Promise
}

function positionsApp() {
  const positions = createWritePositions()
  const hooks: boolean[] = []
  const app = new Hono()
  app.use('*', positions.middleware)
  app.all('/things', async (c) => {
    hooks.push(await promiseHooksOn())
    // What the outbox's onWritten does from inside a service's transaction; a second write
    // waits a turn so that the two are in flight together.
    const seqs = (c.req.header('x-seqs') ?? '').split(',').filter(Boolean)
    for (const seq of seqs) {
      positions.record(seq)
      await new Promise((resolve) => setImmediate(resolve))
    }
    return c.json({}, c.req.method === 'GET' ? 200 : 201)
  })
  return { app, hooks }
}

describe('write positions', () => {
  it('answers a write with the highest position it wrote, and a read with none', async () => {
    const { app } = positionsApp()
    const write = await app.request('/things', {
      method: 'POST',
      headers: { 'x-seqs': '9,12,10' },
    })
    expect(write.headers.get(OUTBOX_POSITION_HEADER)).toBe('12')
    const read = await app.request('/things', { headers: { 'x-seqs': '13' } })
    expect(read.headers.get(OUTBOX_POSITION_HEADER)).toBeNull()
  })

  it('keeps two writes in flight apart', async () => {
    const { app } = positionsApp()
    const [a, b] = await Promise.all([
      app.request('/things', { method: 'POST', headers: { 'x-seqs': '3,5,7' } }),
      app.request('/things', { method: 'PATCH', headers: { 'x-seqs': '4,6' } }),
    ])
    expect([a.headers.get(OUTBOX_POSITION_HEADER), b.headers.get(OUTBOX_POSITION_HEADER)]).toEqual([
      '7',
      '6',
    ])
  })

  // On Node 20 an enabled AsyncLocalStorage makes every promise pay async hooks (ADR 0021).
  it('costs a read no async hooks, and switches them off once no write is in flight', async () => {
    const { app, hooks } = positionsApp()
    await app.request('/things')
    await app.request('/things', { method: 'POST', headers: { 'x-seqs': '1' } })
    await app.request('/things')
    expect(hooks).toEqual([false, true, false])
    expect(await promiseHooksOn()).toBe(false)
  })
})
