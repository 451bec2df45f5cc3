// Target (a): a hello-world JSON answer on bare node:http, the ceiling for the other two.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { answerGcQueries } from './gc-time'
import { announceReady, exitOnTerm } from './ready-message'

const server = createServer((_request, response) => {
  const body = JSON.stringify({ hello: 'world' })
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  })
  response.end(body)
})
server.listen(0, '127.0.0.1', () => {
  announceReady({ port: (server.address() as AddressInfo).port, path: '/' })
})
answerGcQueries()
exitOnTerm()
