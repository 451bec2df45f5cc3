import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEndpointService } from '../endpoint-service'
import { createAddressPolicy } from '../address-policy'
import { createFanoutHandler } from '../fanout-handler'
import {
  envelope,
  webhooksTestDb,
  type WebhooksTestDb,
} from '../testing/webhooks-test-db.test-helper'

const workerFile = fileURLToPath(
  new URL('./delivery-worker-process.test-helper.ts', import.meta.url),
)
const packageDir = fileURLToPath(new URL('../..', import.meta.url))
const totalEvents = 300
const kills = 5

interface Worker {
  readonly child: ChildProcess
  readonly owner: string
  readonly ready: Promise<void>
  readonly exited: Promise<unknown>
}

function startWorker(databaseUrl: string): Worker {
  const child = spawn(
    process.execPath,
    ['--conditions=@rustok/source', '--import', 'tsx', workerFile],
    {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)))
  const exited = once(child, 'exit')
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready:\n${stderr}`)), 30_000)
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  return { child, owner: `crash-worker-${child.pid}`, ready, exited }
}

// A delivery worker process is SIGKILLed again and again while requests are in flight; after a
// last worker runs, every event has reached the receiver, and a receiver that records webhook ids
// (as Standard Webhooks receivers should) has applied each exactly once: a redelivery after a
// kill carries the same webhook-id. Needs PostgreSQL: a child process cannot open PGlite.
describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'a delivery worker killed mid-delivery (PostgreSQL)',
  () => {
    let t: WebhooksTestDb
    let receiver: Server
    let databaseUrl: string
    /** webhook-id → times the receiver applied it (recorded ids are answered 200, not applied). */
    const applied = new Map<string, number>()
    let requests = 0
    let duplicates = 0
    const workers = new Set<Worker>()

    beforeAll(async () => {
      t = await webhooksTestDb()
      databaseUrl = t.testDb.url!
      receiver = createServer((req, res) => {
        req.resume()
        req.on('end', () => {
          requests += 1
          // Slow enough that every kill lands on requests in flight.
          setTimeout(
            () => {
              const id = String(req.headers['webhook-id'])
              if (applied.has(id)) duplicates += 1
              else applied.set(id, 1)
              res.writeHead(200).end()
            },
            5 + Math.random() * 40,
          )
        })
      })
      receiver.listen(0, '127.0.0.1')
      await once(receiver, 'listening')
    }, 60_000)
    afterAll(async () => {
      for (const worker of workers) worker.child.kill('SIGKILL')
      receiver.close()
      await t.testDb.destroy()
    })

    it('delivers every event after repeated kill -9, each applied once by webhook-id', async () => {
      const tenantId = crypto.randomUUID()
      const endpoints = createEndpointService({
        db: t.db,
        events: t.outbox,
        allowHttp: true,
        policy: createAddressPolicy({ allow: ['127.0.0.1/32'] }),
      })
      const { port } = receiver.address() as AddressInfo
      await endpoints.create(
        tenantId,
        { url: `http://127.0.0.1:${port}/hook`, eventTypes: ['*'] },
        { userId: null },
      )
      const fanout = createFanoutHandler({ db: t.db })
      for (let n = 1; n <= totalEvents; n += 1)
        await fanout.handle(envelope(tenantId, 'product.created', n))

      let killed = 0
      let killedInFlight = 0
      for (let round = 0; round < kills; round += 1) {
        const worker = startWorker(databaseUrl)
        workers.add(worker)
        await worker.ready
        // Kill it while it holds leases (deliveries claimed and not settled).
        const deadline = Date.now() + 10_000
        for (;;) {
          const held = await t.db
            .selectFrom('webhook_deliveries')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('lease_owner', '=', worker.owner)
            .executeTakeFirstOrThrow()
          if (Number(held.n) > 0 || Date.now() > deadline) {
            if (Number(held.n) > 0) killedInFlight += 1
            break
          }
          await sleep(5)
        }
        await sleep(Math.random() * 30)
        worker.child.kill('SIGKILL')
        await worker.exited
        workers.delete(worker)
        killed += 1
      }
      const pendingBeforeLast = await sql<{ n: string }>`
      select count(*) as n from webhook_deliveries where status <> 'succeeded'`.execute(t.db)
      expect(Number(pendingBeforeLast.rows[0]!.n)).toBeGreaterThan(0)

      const last = startWorker(databaseUrl)
      workers.add(last)
      await last.ready
      const deadline = Date.now() + 60_000
      for (;;) {
        const rest = await sql<{ n: string }>`
        select count(*) as n from webhook_deliveries where status <> 'succeeded'`.execute(t.db)
        if (Number(rest.rows[0]!.n) === 0 || Date.now() > deadline) break
        await sleep(100)
      }
      const rows = await t.db.selectFrom('webhook_deliveries').select(['id', 'status']).execute()
      expect(rows.length).toBe(totalEvents)
      expect(rows.filter((r) => r.status !== 'succeeded')).toEqual([])
      expect(killed).toBe(kills)
      expect(killedInFlight).toBeGreaterThanOrEqual(kills - 1)
      // Every event reached the receiver, and each was applied once, by its webhook-id.
      expect([...applied.keys()].sort()).toEqual(rows.map((r) => r.id).sort())
      expect([...applied.values()].every((count) => count === 1)).toBe(true)
      // Redeliveries happened (kills landed mid-delivery) and carried the same webhook-ids.
      expect(requests).toBeGreaterThanOrEqual(totalEvents)
      console.info(
        `webhook crash test: ${requests} requests for ${totalEvents} events, ${duplicates} redelivered after a kill`,
      )
    }, 180_000)
  },
)
