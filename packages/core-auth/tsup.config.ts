import { defineConfig } from 'tsup'
import base from '../../tsup.config'

// The framework-free library (the root entry, what a service calls, and its subpaths: event
// definitions, table types, the RBAC matrix, password and token primitives) and its server module
// (`/http`: Hono and @rustok/http as optional peers). The module's route files export valibot
// schemas whose inferred types are their API, so declarations are built without
// isolatedDeclarations (src/http/tsconfig.json).
export default defineConfig({
  ...base,
  entry: [
    'src/index.ts',
    'src/events/index.ts',
    'src/tables/index.ts',
    'src/rbac-matrix/index.ts',
    'src/primitives/index.ts',
    'src/http/index.ts',
  ],
  dts: { compilerOptions: { isolatedDeclarations: false } },
})
