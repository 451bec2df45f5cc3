import { readFileSync } from 'node:fs'

/** The server's version, from its package.json: the API document's `info.version`. */
export function serverVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
  const { version } = JSON.parse(text) as { version?: unknown }
  return typeof version === 'string' ? version : '0.0.0'
}
