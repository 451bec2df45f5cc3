import { fileURLToPath } from 'node:url'
import { verifySchemaLockFile } from '@rustok/core-events/schema-lock'
import { test } from 'vitest'
import { blogEvents } from './blog/blog-events'
import { contentEvents } from './content-events'
import { forumEvents } from './forum/forum-events'
import { pagesEvents } from './pages/pages-events'

// E3 contract test. UPDATE_EVENTS_LOCK=1 rewrites the lock unless a schema changed without a
// version bump; UPDATE_EVENTS_LOCK=force also accepts that (only for events never released).
test('events.lock.json matches the content, blog, forum and pages event schemas', () => {
  verifySchemaLockFile({
    definitions: [...contentEvents, ...blogEvents, ...forumEvents, ...pagesEvents],
    lockPath: fileURLToPath(new URL('../events.lock.json', import.meta.url)),
    update: process.env['UPDATE_EVENTS_LOCK'],
    updateCommand: 'UPDATE_EVENTS_LOCK=1 pnpm vitest run packages/content/src/events-lock.test.ts',
  })
})
