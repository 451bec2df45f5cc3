// `@rustok/core-events/schema-lock`: the schema-lock tooling (E3) that a package's events-lock test
// uses. Apart from the root entry because it reads and writes files (node:fs) and hashes (node:crypto).
export {
  buildSchemaLock,
  checkSchemaLock,
  formatSchemaLockProblems,
  schemaHash,
  serializeSchemaLock,
} from './schema-lock'
export type { SchemaLock, SchemaLockEntry, SchemaLockProblem } from './schema-lock'
export { verifySchemaLockFile } from './schema-lock-file'
export type { SchemaLockFileOptions } from './schema-lock-file'
