// A checkout process for the crash test: completes the given carts, a few at a time, with the
// test provider over a file store, until the test kills it. Usage:
//   node --conditions=@rustok/source --import tsx checkout-worker.test-helper.ts <db-url> <job.json>
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { createDb } from '@rustok/core-db'
import { createEventCatalog } from '@rustok/core-events'
import { createOutbox } from '@rustok/outbox'
import { commerceEvents } from '../commerce-events'
import type { CommerceTables } from '../commerce-tables'
import type { PaymentProvider } from '../payments/payment-provider'
import { createTestPaymentProvider } from '../payments/test-provider'
import { createCheckoutService } from './checkout-service'
import { fileProviderStore } from './file-provider-store.test-helper'

const [url = '', jobFile = ''] = process.argv.slice(2)
const job = JSON.parse(readFileSync(jobFile, 'utf8')) as {
  tenantId: string
  cartIds: string[]
  store: string
}
const db = await createDb<CommerceTables>({ driver: 'postgres', url, pool: { max: 6 } })
const jitter = () => sleep(Math.floor(Math.random() * 40))
const test = createTestPaymentProvider({ store: fileProviderStore(job.store) })
// Random pauses around each provider call spread the kills over every step.
const provider: PaymentProvider = {
  ...test,
  authorize: async (request) => {
    await jitter()
    const result = await test.authorize(request)
    await jitter()
    return result
  },
  void: async (request) => {
    await jitter()
    await test.void(request)
  },
}
const checkout = createCheckoutService({
  db,
  events: createOutbox({ catalog: createEventCatalog(commerceEvents) }),
  providers: [provider],
})
const queue = [...job.cartIds]
async function lane(): Promise<void> {
  for (let cartId = queue.shift(); cartId !== undefined; cartId = queue.shift()) {
    const outcome = await checkout
      .complete({
        tenantId: job.tenantId,
        cartId,
        customerId: null,
        provider: 'test',
        actor: { userId: null },
      })
      .then(
        () => 'ok',
        (error: unknown) => (error as { code?: string }).code ?? 'error',
      )
    process.stdout.write(`${cartId} ${outcome}\n`)
  }
}
await Promise.all([lane(), lane(), lane(), lane()])
await db.destroy()
