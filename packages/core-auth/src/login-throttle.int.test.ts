import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { authMigrations } from './auth-migrations'
import {
  tenantA,
  testClock,
  testEventsModule,
  truncateAll,
  type TestDb,
} from './internal/test-fixtures.test-helper'
import { createLoginThrottle } from './login-throttle'

describe('login throttle', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>
  const clock = testClock()
  const throttle = () =>
    createLoginThrottle({
      db,
      maxPerAccount: 3,
      maxPerIp: 5,
      windowSeconds: 60,
      now: () => clock.now(),
    })
  const ann = { tenantId: tenantA, email: 'ann@example.com', ip: '10.0.0.1' }
  const counts = async () => {
    const rows = await db.selectFrom('login_throttle').select(['key', 'count']).execute()
    const count = (key: string) => rows.find((row) => row.key === key)?.count
    return { account: count(`account:${tenantA}:ann@example.com`), ip: count('ip:10.0.0.1') }
  }

  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [authMigrations, testEventsModule] })
    db = handle.db
  })
  afterAll(() => handle.destroy())
  beforeEach(() => truncateAll(db))

  it('blocks an account after N failures until its window ends', async () => {
    for (let i = 0; i < 2; i += 1) await throttle().recordFailure(ann)
    expect(await throttle().check(ann)).toEqual({ allowed: true })
    clock.advance(10_000)
    await throttle().recordFailure(ann)
    expect(await throttle().check(ann)).toEqual({ allowed: false, retryAfterSeconds: 50 })
    // The account is blocked from every address.
    expect(await throttle().check({ ...ann, ip: '10.9.9.9' })).toMatchObject({ allowed: false })
    clock.advance(50_000)
    expect(await throttle().check(ann)).toEqual({ allowed: true })
    await throttle().recordFailure(ann)
    expect(await throttle().check(ann)).toEqual({ allowed: true })
  })

  it('blocks an IP that sprays many accounts, and a success resets only the account', async () => {
    for (let i = 0; i < 5; i += 1)
      await throttle().recordFailure({ ...ann, email: `u${i}@example.com` })
    expect(await throttle().check({ ...ann, email: 'fresh@example.com' })).toMatchObject({
      allowed: false,
    })
    expect(await throttle().check({ ...ann, email: 'fresh@example.com', ip: null })).toEqual({
      allowed: true,
    })
    await throttle().reset({ ...ann, email: 'u0@example.com' })
    expect(await throttle().check({ ...ann, email: 'u0@example.com' })).toMatchObject({
      allowed: false,
    })
  })

  it('counts concurrent failures from several instances without losing any', async () => {
    await Promise.all(Array.from({ length: 10 }, () => throttle().recordFailure(ann)))
    const row = await db
      .selectFrom('login_throttle')
      .select('count')
      .where('key', '=', `account:${tenantA}:ann@example.com`)
      .executeTakeFirstOrThrow()
    expect(row.count).toBe(10)
  })

  it('reserves attempts up to the limit, then refuses without counting, until the window ends', async () => {
    const verdicts = []
    for (let i = 0; i < 4; i += 1) {
      verdicts.push(await throttle().reserve(ann))
      clock.advance(1000)
    }
    expect(verdicts).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: true },
      { allowed: false, retryAfterSeconds: 57 },
    ])
    expect(await counts()).toEqual({ account: 3, ip: 3 })
    await throttle().release(ann)
    expect(await counts()).toEqual({ account: 2, ip: 2 })
    expect(await throttle().reserve(ann)).toEqual({ allowed: true })
    clock.advance(60_000)
    expect(await throttle().reserve(ann)).toEqual({ allowed: true })
    expect(await counts()).toEqual({ account: 1, ip: 1 })
  })

  it('refuses a reservation when the IP is at its limit, and counts nothing for the account', async () => {
    for (let i = 0; i < 5; i += 1) await throttle().recordFailure({ ...ann, email: `u${i}@x.test` })
    expect(await throttle().reserve(ann)).toEqual({ allowed: false, retryAfterSeconds: 60 })
    expect(await counts()).toEqual({ account: undefined, ip: 5 })
  })

  it('allows exactly the limit of concurrent reservations for one account', async () => {
    const verdicts = await Promise.all(Array.from({ length: 12 }, () => throttle().reserve(ann)))
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(3)
    expect(await counts()).toEqual({ account: 3, ip: 3 })
  })

  it('prunes ended windows', async () => {
    await throttle().recordFailure(ann)
    clock.advance(60_000)
    expect(await throttle().prune()).toBe(2)
  })
})
