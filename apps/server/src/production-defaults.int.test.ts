import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  exitCode,
  startServerProcess,
  type ServerProcess,
} from './testing/server-process.test-helper'

const baseUrl = process.env.TEST_DATABASE_URL
if (!baseUrl) {
  console.info(
    '[production defaults] skipped: they are the defaults on PostgreSQL (set TEST_DATABASE_URL)',
  )
}

const withDatabase = (url: string, name: string): string => {
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

async function stop(server: ServerProcess): Promise<void> {
  const exited = exitCode(server.child)
  server.child.kill('SIGTERM')
  expect(await exited).toBe(0)
}

// What an operator gets from a plain start on PostgreSQL (ARCHITECTURE.md, production defaults).
describe.skipIf(!baseUrl)('a server started on PostgreSQL', () => {
  const name = `rustok_defaults_${randomUUID().replaceAll('-', '')}`
  const databaseUrl = withDatabase(baseUrl ?? 'postgres://localhost/x', name)
  const env = { DATABASE_URL: databaseUrl, JWT_SECRET: 'production-defaults-test-jwt-secret!!' }
  let db: pg.Client

  beforeAll(async () => {
    await admin(`create database ${name}`)
    db = new pg.Client({ connectionString: databaseUrl })
    await db.connect()
  }, 60_000)
  afterAll(async () => {
    await db.end()
    await admin(`drop database if exists ${name} with (force)`)
  }, 60_000)

  const tenants = async (): Promise<string[]> =>
    (await db.query<{ slug: string }>('select slug from tenants order by slug')).rows.map(
      (row) => row.slug,
    )

  it('creates no demo tenant or admin unless DEMO_SEED=true', async () => {
    const plain = await startServerProcess({ ...env, DEMO_SEED: '', PLATFORM_ADMIN_EMAIL: '' })
    try {
      expect(plain.output()).not.toContain('demo tenant ready')
      expect(plain.output()).not.toContain('initialAdminPassword')
      expect(await tenants()).toEqual([])
      const users = await db.query('select 1 from users')
      expect(users.rowCount).toBe(0)
    } finally {
      await stop(plain)
    }

    const seeded = await startServerProcess({ ...env, DEMO_SEED: 'true', PLATFORM_ADMIN_EMAIL: '' })
    try {
      expect(seeded.output()).toContain('"msg":"demo tenant ready"')
      expect(await tenants()).toEqual(['demo'])
    } finally {
      await stop(seeded)
    }
  }, 120_000)

  it('gets its first platform operator from PLATFORM_ADMIN_EMAIL, who manages every tenant', async () => {
    const password = 'platform-operator-password'
    const server = await startServerProcess({
      ...env,
      PLATFORM_ADMIN_EMAIL: 'ops@example.com',
      PLATFORM_ADMIN_PASSWORD: password,
    })
    try {
      expect(server.output()).toContain('"msg":"platform operator ready"')
      expect(server.output()).not.toContain(password)
      const headers = { 'content-type': 'application/json', 'x-tenant-id': 'platform' }
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email: 'ops@example.com', password }),
      })
      expect(login.status).toBe(200)
      const { accessToken } = (await login.json()) as { accessToken: string }
      const created = await fetch(`${server.url}/api/admin/tenants`, {
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ slug: 'first-customer', name: 'First customer' }),
      })
      expect(created.status).toBe(201)
      expect(await tenants()).toEqual(expect.arrayContaining(['first-customer', 'platform']))
    } finally {
      await stop(server)
    }
  }, 120_000)
})
