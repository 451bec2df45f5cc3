import type { MigrationModule } from '@rustok/core-db'
import type { OutboxTables } from '../outbox-tables'

/** The crash test's tables: the outbox's, plus one effect row per handled event. */
export interface CrashDb extends OutboxTables {
  /** `applied_count` is 1 when an event's effect was applied once; 2 or more is a double effect. */
  effect: { event_id: string; applied_count: number }
}

/** Creates `effect`, which the crash worker's handler bumps once per application of an event. */
export const effectModule: MigrationModule = {
  name: 'crash-effects',
  migrations: {
    '0001_effect': {
      up: (db) =>
        db.schema
          .createTable('effect')
          .addColumn('event_id', 'uuid', (c) => c.primaryKey())
          .addColumn('applied_count', 'integer', (c) => c.notNull())
          .execute(),
    },
  },
}
