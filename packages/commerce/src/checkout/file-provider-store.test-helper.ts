import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import type { TestAuthorization, TestProviderStore } from '../payments/test-provider'

/**
 * A test provider store in a JSON-lines file: each change is one appended line, so what a
 * process killed mid-checkout had authorised survives it, as at a real provider.
 */
export function fileProviderStore(path: string): TestProviderStore {
  const all = (): TestAuthorization[] => {
    if (!existsSync(path)) return []
    const latest = new Map<string, TestAuthorization>()
    for (const line of readFileSync(path, 'utf8').split('\n'))
      if (line.trim() !== '') {
        const authorization = JSON.parse(line) as TestAuthorization
        latest.set(authorization.key, authorization)
      }
    return [...latest.values()]
  }
  return {
    get: (key) => all().find((a) => a.key === key),
    put: (authorization) => appendFileSync(path, `${JSON.stringify(authorization)}\n`),
    all,
  }
}
