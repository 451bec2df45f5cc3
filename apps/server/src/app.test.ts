import { describe, expect, it } from 'vitest'
import { createApp } from './app'

const logger = { error: () => {}, warn: () => {} }

describe('createApp', () => {
  it('serves liveness', async () => {
    const response = await createApp({ logger }).request('/health/live')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
  })

  it('answers an unknown route with a 404 problem', async () => {
    const response = await createApp({ logger }).request('/nope')
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toContain('application/problem+json')
    expect(await response.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' })
  })
})
