import type { AnyKysely } from '@rustok/core-db'
import type { EventEnvelope } from '@rustok/core-events'
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import type { ContentTables } from './content-tables'

/**
 * The slice of the transactional outbox this package writes through. `createOutbox(…)` from
 * `@rustok/outbox` satisfies it.
 */
export interface EventWriter {
  /** Writes `envelopes` inside the caller's transaction `trx`: they commit or roll back with it. */
  publishInTx(trx: AnyKysely, envelopes: readonly EventEnvelope[]): Promise<void>
  /** Called after a write's transaction committed (wakes the relays); optional. */
  committed?(db: AnyKysely): void
}

/**
 * The locales to try, in order, when a reader asks for `requested` in a tenant: the tenant's
 * fallback chain (`translationCandidates` of `@rustok/core-tenant` over its `fallbackChain`).
 * A text in none of them falls back to any translation there is.
 */
export type LocaleChain = (tenantId: string, requested: string) => Promise<readonly string[]>

/** What the content services need. Nothing here reads the environment. */
export interface ContentDeps {
  /** Any Kysely whose database has the {@link ContentTables} (run `contentMigrations`). */
  readonly db: Kysely<ContentTables> | AnyKysely
  readonly events: EventWriter
  /** Default: the system clock. */
  readonly now?: () => Date
  /** Default: UUID v7 (time-ordered). */
  readonly newId?: () => string
  /** Default: the requested locale only, then any translation. */
  readonly locales?: LocaleChain
  /** Revisions kept per node; older ones are deleted as new ones are written. Default 50. */
  readonly revisionsKept?: number
}

/** {@link ContentDeps} with every default filled in. */
export interface ResolvedContentDeps {
  readonly db: Kysely<ContentTables>
  readonly events: EventWriter
  readonly now: () => Date
  readonly newId: () => string
  readonly locales: LocaleChain
  readonly revisionsKept: number
}

/** Fills in the defaults of {@link ContentDeps}. */
export function resolveDeps(deps: ContentDeps): ResolvedContentDeps {
  const revisionsKept = deps.revisionsKept ?? 50
  if (!Number.isSafeInteger(revisionsKept) || revisionsKept < 1)
    throw new RangeError('revisionsKept must be a positive integer')
  return {
    db: deps.db as Kysely<ContentTables>,
    events: deps.events,
    now: deps.now ?? (() => new Date()),
    newId: deps.newId ?? uuidv7,
    locales: deps.locales ?? ((_tenantId, requested) => Promise.resolve([requested])),
    revisionsKept,
  }
}
