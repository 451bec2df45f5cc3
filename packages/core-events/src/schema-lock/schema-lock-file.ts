import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { EventDefinitionSource } from '../event-catalog'
import {
  buildSchemaLock,
  checkSchemaLock,
  formatSchemaLockProblems,
  serializeSchemaLock,
  type SchemaLock,
} from './schema-lock'

/** Options for {@link verifySchemaLockFile}. */
export interface SchemaLockFileOptions {
  /** The package's event definitions. */
  readonly definitions: EventDefinitionSource
  /** Path of the committed `events.lock.json`. */
  readonly lockPath: string
  /**
   * `'1'` rewrites the lock unless a schema changed without a version bump; `'force'` rewrites it
   * anyway (only for events never released). Usually `process.env.UPDATE_EVENTS_LOCK`.
   */
  readonly update?: string | undefined
  /** The command to print for updating the lock. */
  readonly updateCommand: string
}

/**
 * The E3 contract check for one package: compares its event schemas with the committed lock file
 * and throws a readable list of problems (a schema changed without a version bump, a bump not yet
 * recorded, an event added or removed), or rewrites the file when asked to.
 *
 * @example
 * ```ts
 * test('events.lock.json matches the schemas', () => {
 *   verifySchemaLockFile({
 *     definitions: contentEvents,
 *     lockPath: fileURLToPath(new URL('../events.lock.json', import.meta.url)),
 *     update: process.env.UPDATE_EVENTS_LOCK,
 *     updateCommand: 'UPDATE_EVENTS_LOCK=1 pnpm vitest run packages/content/src/events-lock.test.ts',
 *   })
 * })
 * ```
 */
export function verifySchemaLockFile(options: SchemaLockFileOptions): void {
  const { definitions, lockPath, update, updateCommand } = options
  const lock = existsSync(lockPath)
    ? (JSON.parse(readFileSync(lockPath, 'utf8')) as SchemaLock)
    : {}
  const problems = checkSchemaLock(definitions, lock)
  const unbumped = problems.filter((problem) => problem.kind === 'changed-without-bump')
  if (update === 'force' || (update === '1' && unbumped.length === 0)) {
    writeFileSync(lockPath, serializeSchemaLock(buildSchemaLock(definitions)))
    return
  }
  if (problems.length > 0) throw new Error(formatSchemaLockProblems(problems, updateCommand))
}
