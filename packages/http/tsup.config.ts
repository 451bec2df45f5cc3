import { defineConfig } from 'tsup'
import base from '../../tsup.config'

// Schema builders (listQuery, pageSchema, the problem schema) return valibot's inferred types,
// which are the API: declarations are built without isolatedDeclarations (see tsconfig.json).
export default defineConfig({ ...base, dts: { compilerOptions: { isolatedDeclarations: false } } })
