import { defineConfig } from 'tsup'
import base from '../../tsup.config'

// Entries: the framework-free library, its blog (`/blog`) and forum (`/forum`), and its server
// module (`/http`: Hono and @rustok/http as optional peers). The module's route files export
// valibot schemas whose inferred types are their API, so declarations are built without
// isolatedDeclarations (src/http/tsconfig.json).
export default defineConfig({
  ...base,
  entry: [
    'src/index.ts',
    'src/blog/index.ts',
    'src/forum/index.ts',
    'src/pages/index.ts',
    'src/http/index.ts',
  ],
  dts: { compilerOptions: { isolatedDeclarations: false } },
})
