import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { ContentError } from '../content-error'

/** What passed through a {@link MeteredUpload} once its stream ended. */
export interface UploadTotals {
  readonly size: number
  /** SHA-256, lowercase hex. */
  readonly checksum: string
  /** The first bytes (up to the sample size asked for), for reading an image's dimensions. */
  readonly sample: Uint8Array
}

/** An upload's first bytes, read before anything is stored, and the rest still to come. */
export interface MeteredUpload {
  /** The first `headBytes` bytes (fewer for a shorter file). */
  readonly head: Uint8Array
  /** The whole file again, head first: counted, hashed, refused past the limit. */
  readonly body: Readable
  /** Valid once `body` ended. */
  totals(): UploadTotals
}

/** `PAYLOAD_TOO_LARGE` for a file over `maxBytes`. */
function tooLarge(maxBytes: number): ContentError {
  return new ContentError('PAYLOAD_TOO_LARGE', `The file is larger than ${maxBytes} bytes`, {
    errors: [{ path: 'file', message: `must be at most ${maxBytes} bytes` }],
  })
}

/**
 * Reads `source`'s first `headBytes` bytes, then hands the whole file on as a stream that counts
 * every byte and fails with `PAYLOAD_TOO_LARGE` as soon as the count passes `maxBytes`, so an
 * oversized upload is never read to its end. The source is read with `next()` only, never
 * `return()`: on a failure it is left as it is for its owner to drain or destroy (a multipart
 * parser's file stream must be drained, not destroyed, for the request to finish).
 */
export async function meterUpload(
  source: AsyncIterable<Uint8Array>,
  options: { readonly maxBytes: number; readonly headBytes: number; readonly sampleBytes: number },
): Promise<MeteredUpload> {
  const { maxBytes, headBytes, sampleBytes } = options
  const iterator = source[Symbol.asyncIterator]()
  const first: Uint8Array[] = []
  let read = 0
  let done = false
  while (read < headBytes) {
    const next = await iterator.next()
    if (next.done === true) {
      done = true
      break
    }
    first.push(next.value)
    read += next.value.length
    if (read > maxBytes) throw tooLarge(maxBytes)
  }
  const headAll = Buffer.concat(first)
  const hash = createHash('sha256')
  const sample: Buffer[] = []
  let sampled = 0
  let size = 0
  let ended = false
  const take = (chunk: Uint8Array): Uint8Array => {
    size += chunk.length
    if (size > maxBytes) throw tooLarge(maxBytes)
    hash.update(chunk)
    if (sampled < sampleBytes) {
      const part = Buffer.from(chunk.subarray(0, sampleBytes - sampled))
      sample.push(part)
      sampled += part.length
    }
    return chunk
  }
  async function* all(): AsyncGenerator<Uint8Array> {
    yield take(headAll)
    if (!done) {
      for (;;) {
        const next = await iterator.next()
        if (next.done === true) break
        yield take(next.value)
      }
    }
    ended = true
  }
  let checksum: string | undefined
  return {
    head: headAll.subarray(0, headBytes),
    body: Readable.from(all(), { objectMode: false }),
    totals: () => {
      if (!ended) throw new Error('The upload has not been read to its end')
      checksum ??= hash.digest('hex')
      return { size, checksum, sample: Buffer.concat(sample) }
    },
  }
}
