import { spawn } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestPaymentProvider } from '../payments/test-provider'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import { checkoutShop } from './checkout-test-kit.test-helper'
import { fileProviderStore } from './file-provider-store.test-helper'

const WORKER = fileURLToPath(new URL('./checkout-worker.test-helper.ts', import.meta.url))
const CARTS = 60
const KILLS = 5

// Child processes running checkouts are SIGKILLed at random moments; the worker's recovery then
// finishes or compensates what they left. Needs PostgreSQL: a child cannot open PGlite.
const postgres = process.env.TEST_DATABASE_URL !== undefined && process.env.TEST_DATABASE_URL !== ''
if (!postgres)
  console.info(
    '[commerce] checkout crash test skipped: it needs PostgreSQL (set TEST_DATABASE_URL)',
  )

describe.runIf(postgres)('checkout processes killed mid-saga (PostgreSQL)', () => {
  let t: CommerceTestDb
  beforeAll(async () => {
    t = await commerceTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('every checkout finishes or compensates; nothing left held or authorised; no order twice', async () => {
    // Stock for about two thirds of the carts, so some checkouts fail and compensate too.
    const shop = await checkoutShop(t, { stock: 40 })
    const dir = mkdtempSync(join(tmpdir(), 'rustok-checkout-crash-'))
    const store = join(dir, 'provider.jsonl')
    const carts: string[] = []
    for (let i = 0; i < CARTS; i++) carts.push(await shop.cart(1))
    const untouched = async () => {
      const started = await t.db
        .selectFrom('commerce_checkouts')
        .select('cart_id')
        .where('tenant_id', '=', shop.tenantId)
        .execute()
      const taken = new Set(started.map((row) => row.cart_id))
      return carts.filter((id) => !taken.has(id))
    }
    const stepsAtKill: string[] = []
    for (let kill = 0; kill <= KILLS; kill++) {
      const cartIds = await untouched()
      if (cartIds.length === 0) break
      const job = join(dir, `job-${kill}.json`)
      writeFileSync(job, JSON.stringify({ tenantId: shop.tenantId, cartIds, store }))
      const child = spawn(
        process.execPath,
        ['--conditions=@rustok/source', '--import', 'tsx', WORKER, t.testDb.url ?? '', job],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
      if (kill < KILLS) {
        // Let it get going (it has written its first checkout), then kill it at a random moment.
        await expect
          .poll(async () => (await untouched()).length < cartIds.length, { timeout: 30_000 })
          .toBe(true)
        await sleep(randomInt(50, 400))
        child.kill('SIGKILL')
        await exited
        const open = await t.db
          .selectFrom('commerce_checkouts')
          .select('step')
          .where('tenant_id', '=', shop.tenantId)
          .where('step', 'not in', ['completed', 'failed'])
          .execute()
        stepsAtKill.push(...open.map((row) => row.step))
      } else {
        const code = await exited
        expect(code, stderr).toBe(0)
      }
    }
    console.info(
      `[commerce] checkouts left midway by the kills, by step: ${JSON.stringify(countOf(stepsAtKill))}`,
    )
    expect(stepsAtKill.length).toBeGreaterThan(0)

    // The worker's recovery, once the dead drivers' leases ran out.
    const provider = createTestPaymentProvider({ store: fileProviderStore(store) })
    const recovery = shop.checkoutWith({
      providers: [provider],
      now: () => new Date(Date.now() + 60_000),
    })
    while ((await recovery.recover()) > 0);

    const checkouts = await t.db
      .selectFrom('commerce_checkouts')
      .selectAll()
      .where('tenant_id', '=', shop.tenantId)
      .execute()
    expect(new Set(checkouts.map((c) => c.step))).toEqual(new Set(['completed', 'failed']))
    const orders = await t.db
      .selectFrom('commerce_orders')
      .select(['cart_id', 'checkout_id'])
      .where('tenant_id', '=', shop.tenantId)
      .execute()
    const completed = checkouts.filter((c) => c.step === 'completed')
    expect(orders).toHaveLength(completed.length)
    expect(new Set(orders.map((o) => o.cart_id)).size).toBe(orders.length)
    // Held stock is exactly the orders' lines; every authorisation is an order's or voided.
    const active = await t.db
      .selectFrom('commerce_reservations')
      .select('id')
      .where('tenant_id', '=', shop.tenantId)
      .where('status', '=', 'active')
      .execute()
    const lines = await t.db
      .selectFrom('commerce_order_lines')
      .select('reservation_id')
      .where('tenant_id', '=', shop.tenantId)
      .execute()
    expect(active.map((r) => r.id).sort()).toEqual(lines.map((l) => l.reservation_id).sort())
    expect(await shop.level(shop.a)).toEqual({ stocked: 40, reserved: orders.length })
    const placed = new Set(completed.map((c) => c.id))
    for (const authorization of provider.authorizations())
      expect(authorization.state, authorization.key).toBe(
        placed.has(authorization.key) ? 'authorized' : 'voided',
      )
  }, 240_000)
})

function countOf(values: readonly string[]): Record<string, number> {
  return Object.fromEntries(
    [...new Set(values)].map((v) => [v, values.filter((x) => x === v).length]),
  )
}
