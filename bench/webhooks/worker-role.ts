// The worker role's webhook machinery in its own process, as production runs it: a relay feeding
// the fan-out handler, and a delivery worker loop. Run by bench/webhooks.bench.ts on PostgreSQL:
//   node --conditions=@rustok/source --import tsx bench/webhooks/worker-role.ts
// with DATABASE_URL set; prints `ready`, and when its stdin closes prints `cpu <ms>` (the CPU it
// spent since) and exits.
import { createDb } from '@rustok/core-db'
import { createOutbox } from '@rustok/outbox'
import { startBackground, webhooksBenchCatalog, type WebhooksBenchDb } from './webhooks-measure'

const url = process.env.DATABASE_URL
if (!url) throw new Error('worker-role: DATABASE_URL is not set')
const db = await createDb<WebhooksBenchDb>({ driver: 'postgres', url, onPoolError: () => {} })
const background = startBackground(
  db,
  createOutbox({ catalog: webhooksBenchCatalog, notify: true }),
)
const cpuAtStart = process.cpuUsage()
process.stdin.on('close', () => {
  void background.stop().then(() => {
    // The CPU this process spent while running (relay, fan-out, claims, sends, settles).
    const cpu = process.cpuUsage(cpuAtStart)
    process.stdout.write(`cpu ${(cpu.user + cpu.system) / 1000}\n`)
    process.exit(0)
  })
})
process.stdin.resume()
process.stdout.write('ready\n')
