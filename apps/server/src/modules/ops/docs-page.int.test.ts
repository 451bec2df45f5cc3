import { existsSync, mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { serve, type ServerType } from '@hono/node-server'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)
const SCREENSHOT = fileURLToPath(new URL('../../../.artifacts/docs-page.png', import.meta.url))

if (!hasChromium) console.warn(`docs page check skipped: ${CHROMIUM} not installed`)

describe.skipIf(!hasChromium)(
  `GET /docs in headless Chromium${hasChromium ? '' : ` (skipped: ${CHROMIUM} not installed)`}`,
  () => {
    let server: TestServer
    let http: ServerType
    let browser: Browser
    let origin: string

    beforeAll(async () => {
      server = await createTestServer()
      http = serve({ fetch: server.app.fetch, hostname: '127.0.0.1', port: 0 })
      await new Promise<void>((resolve) => http.once('listening', resolve))
      origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      })
    })
    afterAll(async () => {
      await browser?.close()
      await new Promise((resolve) => http?.close(resolve))
      await server?.destroy()
    })

    it('renders every operation from local files, with no request leaving the machine', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      const local: string[] = []
      const external: string[] = []
      const errors: string[] = []
      await page.route('**/*', async (route) => {
        const url = new URL(route.request().url())
        if (url.origin === origin) {
          local.push(url.pathname)
          return route.continue()
        }
        external.push(url.href)
        return route.abort()
      })
      // Content-Security-Policy refusals are console errors: a blocked CDN URL shows up here.
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text())
      })
      page.on('pageerror', (error) => errors.push(error.message))

      const res = await page.goto(`${origin}/docs`)
      expect(res?.status()).toBe(200)
      await page.waitForSelector('#operations-ops-getOpenApiDocument', { timeout: 30_000 })
      // Swagger UI lists each operation under each of its tags, as `operations-<tag>-<id>`.
      const expected = server.routes.flatMap((route) =>
        route.tags.map((tag) => `operations-${tag}-${route.operationId}`),
      )
      const blocks = await page.locator('.opblock').all()
      const rendered = await Promise.all(blocks.map((block) => block.getAttribute('id')))
      expect(rendered.sort()).toEqual(expected.sort())
      expect(await page.title()).toBe('RusToK API reference')

      mkdirSync(fileURLToPath(new URL('.', `file://${SCREENSHOT}`)), { recursive: true })
      await page.screenshot({ path: SCREENSHOT, fullPage: true })

      expect(external).toEqual([])
      expect(errors).toEqual([])
      expect(local).toEqual(
        expect.arrayContaining([
          '/docs',
          '/docs/assets/swagger-ui.css',
          '/docs/assets/swagger-ui-bundle.js',
          '/docs/assets/docs-init.js',
          '/openapi.json',
        ]),
      )
    }, 90_000)
  },
)
