import { defineConfig } from 'tsup'
import base from '../../tsup.config'

// Two entries: the framework-free library, and its server module (`/http`, Hono and @rustok/http).
export default defineConfig({ ...base, entry: ['src/index.ts', 'src/http/index.ts'] })
