import { defineConfig } from 'tsup'
import base from '../../tsup.config'

// Two entries: the runtime API, and the schema-lock tooling (`/schema-lock`, node:fs and node:crypto).
export default defineConfig({
  ...base,
  entry: ['src/index.ts', 'src/schema-lock/index.ts'],
})
