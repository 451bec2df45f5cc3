import type { AnyKysely } from '@rustok/core-db'
import type { EventEnvelope } from '@rustok/core-events'
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { createAddressPolicy, type AddressPolicy } from './address-policy'
import { createSecretBox, type SecretBox } from './secret-box'
import type { WebhookTables } from './webhook-tables'

/** The slice of the transactional outbox this package writes through (`createOutbox()` fits). */
export interface EventWriter {
  /** Writes `envelopes` inside the caller's transaction `trx`. */
  publishInTx(trx: AnyKysely, envelopes: readonly EventEnvelope[]): Promise<void>
  /** Called after a write's transaction committed (wakes the relays); optional. */
  committed?(db: AnyKysely): void
}

/** What the webhook services need. Nothing here reads the environment. */
export interface WebhookDeps {
  readonly db: Kysely<WebhookTables> | AnyKysely
  readonly events: EventWriter
  readonly now?: () => Date
  readonly newId?: () => string
  /** Which addresses endpoints may point at. Default: public addresses only. */
  readonly policy?: AddressPolicy
  /** Accept `http:` endpoint URLs (local development). Default `false`: `https:` only. */
  readonly allowHttp?: boolean
  /** How long a rotated-out secret still signs. Default 24 hours. */
  readonly rotationGraceMs?: number
  /** Seals signing secrets at rest (`createSecretBox(keys)`). Default: stored as they are. */
  readonly secrets?: SecretBox
}

/** {@link WebhookDeps} with every default filled in. */
export interface ResolvedWebhookDeps {
  readonly db: Kysely<WebhookTables>
  readonly events: EventWriter
  readonly now: () => Date
  readonly newId: () => string
  readonly policy: AddressPolicy
  readonly allowHttp: boolean
  readonly rotationGraceMs: number
  readonly secrets: SecretBox
}

/** Fills in the defaults of {@link WebhookDeps}. */
export function resolveWebhookDeps(deps: WebhookDeps): ResolvedWebhookDeps {
  return {
    db: deps.db as Kysely<WebhookTables>,
    events: deps.events,
    now: deps.now ?? (() => new Date()),
    newId: deps.newId ?? uuidv7,
    policy: deps.policy ?? createAddressPolicy(),
    allowHttp: deps.allowHttp ?? false,
    rotationGraceMs: deps.rotationGraceMs ?? 86_400_000,
    secrets: deps.secrets ?? createSecretBox([]),
  }
}
