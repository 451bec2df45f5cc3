// A fast loopback receiver in its own process, as a tenant's receiver is never in the writer's:
// run by bench/webhooks.bench.ts for the write-path figures. Prints `url <url>`; on stdin's
// close, prints `received <n>` and exits.
//   node --conditions=@rustok/source --import tsx bench/webhooks/receiver-role.ts
import { startFastReceiver } from './webhooks-measure'

const receiver = await startFastReceiver()
process.stdin.on('close', () => {
  process.stdout.write(`received ${receiver.count}\n`)
  void receiver.close().then(() => process.exit(0))
})
process.stdin.resume()
process.stdout.write(`url ${receiver.url}\n`)
