import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { expect, it } from 'vitest'
import type { MediaStorage } from './media-storage'

const TENANT = '01900000-0000-7000-8000-000000000001'

/** A body that yields `first` and then fails, as a cut-off or oversized upload does. */
function failingBody(first: string): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    yield Buffer.from(first)
    await new Promise((resolve) => setTimeout(resolve, 5))
    throw new Error('client went away')
  }
  return Readable.from(chunks())
}

/**
 * What every {@link MediaStorage} driver must do; call it inside a `describe` with a factory
 * that makes a fresh, empty store. An object storage driver runs the same tests.
 */
export function mediaStorageContract(make: () => Promise<MediaStorage>): void {
  it('gives back the bytes it stored under a key', async () => {
    const storage = await make()
    const key = `${TENANT}/a`
    await storage.put(key, Readable.from([Buffer.from('hello '), Buffer.from('world')]), {
      contentType: 'text/plain',
    })
    const stream = await storage.get(key)
    expect(stream && (await text(stream))).toBe('hello world')
  })

  it('has nothing under a key never written', async () => {
    const storage = await make()
    expect(await storage.get(`${TENANT}/missing`)).toBeUndefined()
  })

  it('deletes a key, and deleting a missing key is no error', async () => {
    const storage = await make()
    const key = `${TENANT}/b`
    await storage.put(key, Readable.from([Buffer.from('x')]), { contentType: 'image/png' })
    await storage.delete(key)
    expect(await storage.get(key)).toBeUndefined()
    await expect(storage.delete(key)).resolves.toBeUndefined()
  })

  it('leaves nothing under the key when the body fails, and rejects with its error', async () => {
    const storage = await make()
    const key = `${TENANT}/c`
    await expect(
      storage.put(key, failingBody('partial'), { contentType: 'image/png' }),
    ).rejects.toThrow('client went away')
    expect(await storage.get(key)).toBeUndefined()
  })

  it('refuses keys that could leave its root', async () => {
    const storage = await make()
    for (const key of ['../x', `${TENANT}/../../etc`, '/etc/passwd', 'a\\b', '', `${TENANT}/.x`]) {
      await expect(storage.get(key), key).rejects.toThrow(RangeError)
      await expect(
        storage.put(key, Readable.from([Buffer.from('x')]), { contentType: 'image/png' }),
        key,
      ).rejects.toThrow(RangeError)
      await expect(storage.delete(key), key).rejects.toThrow(RangeError)
    }
  })
}
