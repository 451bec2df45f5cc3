import { defineConfig } from 'tsup'
import base from '../../tsup.config'

// Two entries: the framework-free library, and its server module (`/http`: Hono and @rustok/http
// as optional peers). The module's route files export valibot schemas whose inferred types are
// their API, so declarations are built without isolatedDeclarations (src/http/tsconfig.json).
export default defineConfig({
  ...base,
  entry: ['src/index.ts', 'src/http/index.ts'],
  dts: { compilerOptions: { isolatedDeclarations: false } },
})
