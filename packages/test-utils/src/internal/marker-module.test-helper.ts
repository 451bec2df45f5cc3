import type { MigrationModule } from '@rustok/core-db'

/** A one-table schema the test-utils tests write "who was here" markers into. */
export interface MarkerDb {
  marker: { owner: string }
}

export const markerModule: MigrationModule = {
  name: 'marker',
  migrations: {
    '0001_marker': {
      up: (db) =>
        db.schema
          .createTable('marker')
          .addColumn('owner', 'text', (c) => c.notNull())
          .execute(),
    },
  },
}
