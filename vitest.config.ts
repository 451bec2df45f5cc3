import { defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

// One config for the whole workspace. Packages resolve each other through the
// `@rustok/source` export condition, so tests never need a sibling to be built.
export default defineConfig({
  ssr: {
    resolve: {
      conditions: ['@rustok/source', ...defaultServerConditions],
    },
  },
  test: {
    clearMocks: true,
    restoreMocks: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{packages,apps,tooling}/*/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.process.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['{packages,apps}/*/src/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['packages/test-utils/src/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Tests of the server as a process (start, signals, the built entry, Node's own
          // errors): they start it on its embedded database whatever TEST_DATABASE_URL says, so
          // `pnpm test` runs them once and `pnpm test:pg` (the int project) does not repeat them.
          name: 'process',
          include: ['apps/*/src/**/*.process.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
