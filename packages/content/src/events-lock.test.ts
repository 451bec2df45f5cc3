import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import {
  buildSchemaLock,
  checkSchemaLock,
  formatSchemaLockProblems,
  serializeSchemaLock,
} from '@rustok/core-events'
import type { SchemaLock } from '@rustok/core-events'
import { test } from 'vitest'
import { contentEvents } from './content-events'

// E3 contract test. UPDATE_EVENTS_LOCK=1 rewrites the lock unless a schema changed without a
// version bump; UPDATE_EVENTS_LOCK=force also accepts that (only for events never released).
const lockPath = fileURLToPath(new URL('../events.lock.json', import.meta.url))
const update = process.env['UPDATE_EVENTS_LOCK']

test('events.lock.json matches the content event schemas', () => {
  const lock = existsSync(lockPath)
    ? (JSON.parse(readFileSync(lockPath, 'utf8')) as SchemaLock)
    : {}
  const problems = checkSchemaLock(contentEvents, lock)
  const unbumped = problems.filter((problem) => problem.kind === 'changed-without-bump')
  if (update === 'force' || (update === '1' && unbumped.length === 0)) {
    writeFileSync(lockPath, serializeSchemaLock(buildSchemaLock(contentEvents)))
    return
  }
  const command = 'UPDATE_EVENTS_LOCK=1 npx vitest run packages/content/src/events-lock.test.ts'
  if (problems.length > 0) throw new Error(formatSchemaLockProblems(problems, command))
})
