import type { Readable } from 'node:stream'

/**
 * Where media bytes live (the storage port). The service decides every key (`<tenantId>/<mediaId>`,
 * from ids it made itself), counts the bytes and computes their checksum as they pass, so a driver
 * only moves bytes. The local disk driver ({@link createLocalDiskStorage}) is the default; an
 * object storage driver (S3 and the like) implements the same three calls, see the README.
 */
export interface MediaStorage {
  /** Stored in `content_media.storage_driver`, so a row names the driver that holds its bytes. */
  readonly driver: string
  /**
   * Stores `body` under `key`, replacing nothing: a key is written once. Resolves when the bytes
   * are durable. When `body` fails (too large, the client went away) or the write fails, nothing
   * must be readable under `key` afterwards and the promise rejects with `body`'s error.
   */
  put(key: string, body: Readable, options: { readonly contentType: string }): Promise<void>
  /** The bytes under `key`, or `undefined` when there are none. */
  get(key: string): Promise<Readable | undefined>
  /** Removes `key`'s bytes; a missing key is not an error (deletes are retried by sweeps). */
  delete(key: string): Promise<void>
}

const KEY_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/

/**
 * Checks a storage key: 1–4 segments of letters, digits, `-` and `_` joined by `/`. A driver calls
 * it before touching anything, so no key can climb out of its root (`..`, absolute paths, `\`).
 */
export function assertStorageKey(key: string): readonly string[] {
  const segments = key.split('/')
  if (segments.length > 4 || !segments.every((segment) => KEY_SEGMENT.test(segment)))
    throw new RangeError(`Not a storage key: ${JSON.stringify(key)}`)
  return segments
}

/** The key of a media item's bytes: one folder per tenant, the file named by the media id. */
export function mediaStorageKey(tenantId: string, mediaId: string): string {
  return `${tenantId}/${mediaId}`
}
