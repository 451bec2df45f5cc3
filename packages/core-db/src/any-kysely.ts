import type { Kysely } from 'kysely'

/**
 * A Kysely instance or transaction over any schema. Libraries take it for the application's own
 * `Kysely<AppDb>` (whose table set is wider than theirs, so `Kysely<TheirTables>` would not accept
 * it) and type their own queries internally; migrations get it too.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyKysely = Kysely<any>
