import { defineConfig } from 'tsup'
import base from '../../tsup.config'

// The server is an application, not a library: one entry (the process), no declarations. Its
// `@rustok/*` dependencies stay external and resolve to their built `dist/` (the default export
// condition), so `pnpm build` builds them first (turbo's `^build`).
export default defineConfig({
  ...base,
  entry: ['src/main.ts'],
  dts: false,
})
