import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serverDirectory } from '../server-directory'

/** The server's version, from its package.json: the API document's `info.version`. */
export function serverVersion(): string {
  const text = readFileSync(join(serverDirectory(), 'package.json'), 'utf8')
  const { version } = JSON.parse(text) as { version?: unknown }
  return typeof version === 'string' ? version : '0.0.0'
}
