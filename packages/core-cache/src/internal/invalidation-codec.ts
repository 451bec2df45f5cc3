import { Buffer } from 'node:buffer'
import { CoreCacheError } from '../core-cache-error'

/** One decoded invalidation message. */
export interface InvalidationMessage {
  readonly origin: string
  readonly keys: readonly string[]
}

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8')

/**
 * Encodes `keys` as `{"v":1,"o":origin,"k":[…]}` payloads of at most `maxBytes` UTF-8 bytes each,
 * splitting the keys over as many payloads as needed. A key that cannot fit alone is an error.
 */
export function encodeInvalidation(
  keys: readonly string[],
  origin: string,
  maxBytes: number,
): string[] {
  const head = `{"v":1,"o":${JSON.stringify(origin)},"k":[`
  const overhead = bytes(head) + bytes(']}')
  const payloads: string[] = []
  let chunk: string[] = []
  let size = overhead
  for (const key of keys) {
    const encoded = JSON.stringify(key)
    const cost = bytes(encoded) + (chunk.length > 0 ? 1 : 0)
    if (overhead + bytes(encoded) > maxBytes) {
      throw new CoreCacheError(
        'INVALID_INPUT',
        `cache key of ${bytes(key)} bytes does not fit an invalidation message of ${maxBytes} bytes`,
      )
    }
    if (size + cost > maxBytes) {
      payloads.push(`${head}${chunk.join(',')}]}`)
      chunk = []
      size = overhead
    }
    size += bytes(encoded) + (chunk.length > 0 ? 1 : 0)
    chunk.push(encoded)
  }
  if (chunk.length > 0) payloads.push(`${head}${chunk.join(',')}]}`)
  return payloads
}

/** Decodes a payload of {@link encodeInvalidation}; `undefined` when it is not one. */
export function decodeInvalidation(payload: string): InvalidationMessage | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(payload)
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined
  const { v, o, k } = parsed as Record<string, unknown>
  if (v !== 1 || typeof o !== 'string' || !Array.isArray(k)) return undefined
  if (!k.every((key): key is string => typeof key === 'string')) return undefined
  return { origin: o, keys: k }
}
