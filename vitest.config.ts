import { defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

// Test files that use `vi.mock` (see the `unit-mocks` project); tooling/scripts/src/module-mocks.test.ts
// fails when a test file outside this list uses it.
export const moduleMocks: readonly string[] = ['packages/core-auth/src/access-tokens-cache.test.ts']

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
          exclude: [
            '**/*.int.test.ts',
            '**/*.process.test.ts',
            '**/node_modules/**',
            ...moduleMocks,
          ],
          // One module graph per worker, not per file: the sources are imported once (unit tests
          // ran in 38 s isolated, 15 s shared on two workers); vitest.setup.ts as in int.
          isolate: false,
          setupFiles: ['vitest.setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          // Files that replace a module with `vi.mock`: a mock only takes when the module is
          // imported after it, so these keep a module graph of their own.
          name: 'unit-mocks',
          include: [...moduleMocks],
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['{packages,apps}/*/src/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['packages/test-utils/src/global-setup.ts'],
          // Shared module graph per worker (PGlite's WebAssembly compiled once per worker, not per
          // file); vitest.setup.ts puts back what a file may leave changed in it.
          isolate: false,
          setupFiles: ['vitest.setup.ts'],
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
