import type { Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { defineErrorCodes, errorRow, PROBLEM_CONTENT_TYPE } from '@rustok/http'

/** The codes of requests Node refuses before the app sees them; the http module contributes them. */
export const CLIENT_ERRORS = defineErrorCodes({
  HEADERS_TOO_LARGE: errorRow(431, 'Request Header Fields Too Large'),
  REQUEST_TIMEOUT: errorRow(408, 'Request Timeout'),
})

const MAX_HEADER_BYTES = 16_384

const BAD_REQUEST = {
  code: 'BAD_REQUEST',
  status: 400,
  title: 'Bad Request',
  detail: 'The request is not valid HTTP.',
}

function answerOf(code: string | undefined) {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      ...CLIENT_ERRORS.HEADERS_TOO_LARGE,
      detail: `The request line and headers are limited to ${MAX_HEADER_BYTES} bytes; send long input in a body.`,
    }
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { ...CLIENT_ERRORS.REQUEST_TIMEOUT, detail: 'The request took too long to arrive.' }
  }
  return BAD_REQUEST
}

/**
 * Answers the requests Node's HTTP parser refuses (a request line and headers over Node's 16 KiB
 * limit, malformed HTTP, a request that arrives too slowly) with problem+json like every other
 * error, instead of Node's bare status line with no body. The app never sees these requests: no
 * route, trace or log middleware ran, so the answer carries only what is known.
 *
 * @example
 * ```ts
 * const server = serve({ fetch: app.fetch, port })
 * answerClientErrors(server as Server)
 * ```
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset connection, or one with a response under way, cannot take an answer.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const { code, status, title, detail } = answerOf(error.code)
    const body = JSON.stringify({ type: 'about:blank', title, status, code, detail })
    socket.end(
      [
        `HTTP/1.1 ${status} ${title}`,
        `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
        `Content-Length: ${Buffer.byteLength(body)}`,
        'X-Content-Type-Options: nosniff',
        'Cache-Control: no-store',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    )
  })
}
