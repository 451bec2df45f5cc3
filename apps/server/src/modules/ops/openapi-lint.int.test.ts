import { createConfig, lintFromString } from '@redocly/openapi-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

describe('the served OpenAPI document passes Redocly lint (recommended rules)', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(() => server.destroy())

  it('has no errors', async () => {
    const res = await server.request('GET', '/openapi.json', { tenant: null })
    const problems = await lintFromString({
      source: await res.text(),
      // Offline: the document has no external references to fetch.
      absoluteRef: 'openapi.json',
      config: await createConfig({ extends: ['recommended'] }),
    })
    const errors = problems
      .filter((problem) => problem.severity === 'error')
      .map(
        (problem) =>
          `${problem.ruleId} at ${problem.location[0]?.pointer ?? '?'}: ${problem.message}`,
      )
    expect(errors).toEqual([])
  })
})
