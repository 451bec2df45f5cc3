import { fileURLToPath } from 'node:url'
import { verifySchemaLockFile } from '@rustok/core-events/schema-lock'
import { test } from 'vitest'
import { webhookEvents } from './webhook-events'

// E3 contract test. UPDATE_EVENTS_LOCK=1 rewrites the lock unless a schema changed without a
// version bump; UPDATE_EVENTS_LOCK=force also accepts that (only for events never released).
test('events.lock.json matches the webhook event schemas', () => {
  verifySchemaLockFile({
    definitions: webhookEvents,
    lockPath: fileURLToPath(new URL('../events.lock.json', import.meta.url)),
    update: process.env['UPDATE_EVENTS_LOCK'],
    updateCommand: 'UPDATE_EVENTS_LOCK=1 pnpm vitest run packages/webhooks/src/events-lock.test.ts',
  })
})
