// A signed delivery to a receiver on loopback, through the SSRF guard (loopback allow-listed, as
// in local development), and the guard refusing the cloud metadata address.
// Run it: npx tsx examples/signed-delivery.ts
import { createHmac } from 'node:crypto'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createAddressPolicy,
  createWebhookSender,
  generateWebhookSecret,
  webhookHeaders,
} from '@rustok/webhooks'

const secret = generateWebhookSecret()

// The receiver checks the signature as the Standard Webhooks specification says.
const receiver = createServer((req, res) => {
  let body = ''
  req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
  req.on('end', () => {
    const signed = `${String(req.headers['webhook-id'])}.${String(req.headers['webhook-timestamp'])}.${body}`
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
    const expected = `v1,${createHmac('sha256', key).update(signed).digest('base64')}`
    const valid = String(req.headers['webhook-signature']).split(' ').includes(expected)
    res.writeHead(valid ? 204 : 401).end()
  })
})
receiver.listen(0, '127.0.0.1')
await once(receiver, 'listening')
const { port } = receiver.address() as AddressInfo

const send = createWebhookSender({
  policy: createAddressPolicy({ allow: ['127.0.0.1/32'] }),
  timeoutMs: 2_000,
})
const body = JSON.stringify({ type: 'product.created', data: { id: 42 } })
const headers = webhookHeaders([secret], {
  id: crypto.randomUUID(),
  timestamp: Math.floor(Date.now() / 1000),
  body,
})
const delivered = await send({ url: `http://127.0.0.1:${port}/hook`, headers, body })
console.log('delivered:', delivered.ok && delivered.status) // 204: signature valid

const metadata = await send({ url: 'http://169.254.169.254/latest/meta-data/', headers, body })
console.log('metadata service:', metadata.ok ? metadata.status : metadata.kind) // refused
receiver.close()
