import type { PgliteClient } from '../pglite-client'

/** What core-db remembers about each database it opened, for features beyond Kysely (LISTEN). */
export type OpenedDb =
  | {
      readonly driver: 'pglite'
      readonly pglite: PgliteClient
      readonly exclusive: <T>(run: () => Promise<T>) => Promise<T>
    }
  | {
      readonly driver: 'postgres'
      readonly url: string
      readonly pool: {
        readonly totalCount: number
        readonly idleCount: number
        readonly waitingCount: number
      }
    }

const registry = new WeakMap<object, OpenedDb>()

export function rememberDb(db: object, opened: OpenedDb): void {
  registry.set(db, opened)
}

export function openedDb(db: object): OpenedDb | undefined {
  return registry.get(db)
}
