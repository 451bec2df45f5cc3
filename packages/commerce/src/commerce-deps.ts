import type { AnyKysely } from '@rustok/core-db'
import type { EventEnvelope } from '@rustok/core-events'
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import type { CommerceTables } from './commerce-tables'

/** The slice of the transactional outbox this package writes through (`createOutbox()` fits). */
export interface EventWriter {
  /** Writes `envelopes` inside the caller's transaction `trx`. */
  publishInTx(trx: AnyKysely, envelopes: readonly EventEnvelope[]): Promise<void>
  /** Called after a write's transaction committed (wakes the relays); optional. */
  committed?(db: AnyKysely): void
}

/** The locales to try, in order, for a reader of a tenant (the tenant's fallback chain). */
export type LocaleChain = (tenantId: string, requested: string) => Promise<readonly string[]>

/** Which of `ids` are media items of the tenant (the content module's media library). */
export type MediaLookup = (tenantId: string, ids: readonly string[]) => Promise<ReadonlySet<string>>

/** What the commerce services need. Nothing here reads the environment. */
export interface CommerceDeps {
  readonly db: Kysely<CommerceTables> | AnyKysely
  readonly events: EventWriter
  readonly now?: () => Date
  readonly newId?: () => string
  /** Default: the requested locale, then any translation. */
  readonly locales?: LocaleChain
  /** Checks product images given as media ids; without it only image URLs are accepted. */
  readonly media?: MediaLookup
}

/** {@link CommerceDeps} with every default filled in. */
export interface ResolvedCommerceDeps {
  readonly db: Kysely<CommerceTables>
  readonly events: EventWriter
  readonly now: () => Date
  readonly newId: () => string
  readonly locales: LocaleChain
  readonly media?: MediaLookup
}

/** Fills in the defaults of {@link CommerceDeps}. */
export function resolveCommerceDeps(deps: CommerceDeps): ResolvedCommerceDeps {
  return {
    db: deps.db as Kysely<CommerceTables>,
    events: deps.events,
    now: deps.now ?? (() => new Date()),
    newId: deps.newId ?? uuidv7,
    locales: deps.locales ?? ((_tenantId, requested) => Promise.resolve([requested])),
    ...(deps.media ? { media: deps.media } : {}),
  }
}
