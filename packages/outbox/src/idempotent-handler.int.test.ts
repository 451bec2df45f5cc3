import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createIdempotentHandler, pruneInbox } from './idempotent-handler'
import { happened, thingModule, type TestDb } from './internal/test-fixtures.test-helper'
import { outboxMigrations } from './outbox-migrations'

describe('createIdempotentHandler', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>
  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [outboxMigrations, thingModule] })
    db = handle.db
  })
  afterAll(() => handle.destroy())
  beforeEach(async () => {
    await db.deleteFrom('thing').execute()
    await db.deleteFrom('sys_inbox').execute()
  })

  const counting = (name: string, failFirst = false) => {
    let calls = 0
    return createIdempotentHandler({
      name,
      types: ['thing.happened'],
      db,
      handle: async (trx, event) => {
        calls += 1
        const { thingId } = event.payload as { thingId: string }
        await trx
          .insertInto('thing')
          .values({ id: thingId, counter: 1 })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({ counter: eb('thing.counter', '+', 1) })),
          )
          .execute()
        if (failFirst && calls === 1) throw new Error('crashed after writing')
      },
    })
  }

  it('applies a redelivered event once', async () => {
    const handler = counting('counter')
    const event = happened('t1', 1)
    expect(await handler.apply(event)).toBe(true)
    expect(await handler.apply(event)).toBe(false)
    expect(await handler.apply(event)).toBe(false)
    expect(
      await db.selectFrom('thing').select('counter').where('id', '=', 't1').executeTakeFirst(),
    ).toEqual({ counter: 1 })
  })

  it('applies concurrent redeliveries once', async () => {
    const handler = counting('concurrent')
    const event = happened('t2', 1)
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => handler.apply(event)))
    expect(results.filter((result) => result.status === 'fulfilled' && result.value).length).toBe(1)
    expect(
      await db.selectFrom('thing').select('counter').where('id', '=', 't2').executeTakeFirst(),
    ).toEqual({ counter: 1 })
  })

  it('leaves neither effect nor inbox row when the handler fails, so the retry applies it', async () => {
    const handler = counting('flaky', true)
    const event = happened('t3', 1)
    await expect(handler.apply(event)).rejects.toThrow('crashed after writing')
    expect(await db.selectFrom('thing').selectAll().execute()).toEqual([])
    expect(await handler.apply(event)).toBe(true)
    expect(
      await db.selectFrom('thing').select('counter').where('id', '=', 't3').executeTakeFirst(),
    ).toEqual({ counter: 1 })
  })

  it('keeps handlers independent: each applies the same event once', async () => {
    const event = happened('t4', 1)
    await counting('first').apply(event)
    await counting('second').apply(event)
    expect(
      await db.selectFrom('thing').select('counter').where('id', '=', 't4').executeTakeFirst(),
    ).toEqual({ counter: 2 })
    expect(await db.selectFrom('sys_inbox').select('handler').orderBy('handler').execute()).toEqual(
      [{ handler: 'first' }, { handler: 'second' }],
    )
  })

  it('prunes old inbox rows', async () => {
    await counting('old').apply(happened('t5', 1))
    expect(await pruneInbox(db, 60_000)).toBe(0)
    await db
      .updateTable('sys_inbox')
      .set({ handled_at: new Date(Date.now() - 120_000) })
      .execute()
    expect(await pruneInbox(db, 60_000)).toBe(1)
  })
})
