import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>

/** `index_generations`: per tenant and entity, the live generation and a rebuild in progress. */
export interface IndexGenerationsTable {
  tenant_id: string
  entity: IndexEntity
  active: Generated<number>
  building: number | null
  checkpoint: string | null
  done: Generated<number>
  total: Generated<number>
  started_at: Timestamp | null
  updated_at: Generated<Timestamp>
  finished_at: Timestamp | null
}

/** `index_projection_state`: the last event each projection applied. */
export interface IndexProjectionStateTable {
  handler: string
  last_event_id: string
  last_occurred_at: Timestamp
  applied_at: Generated<Timestamp>
}

/** The read models an index holds. */
export type IndexEntity = 'content' | 'products'

/** The tables of `@rustok/index` this package queries through the builder. */
export interface IndexTables {
  index_generations: IndexGenerationsTable
  index_projection_state: IndexProjectionStateTable
}
