import type { Selectable } from 'kysely'
import { checkEndpointUrl } from './internal/endpoint-url'
import { parseInput } from './internal/parse-input'
import { writeChange, type WebhookActor } from './internal/write-change'
import {
  webhookEndpointCreated,
  webhookEndpointDeleted,
  webhookEndpointUpdated,
  webhookSecretRotated,
} from './events/webhook-events'
import {
  CreateEndpointSchema,
  UpdateEndpointSchema,
  type CreateEndpointInput,
  type UpdateEndpointInput,
} from './endpoint-schemas'
import { resolveWebhookDeps, type WebhookDeps } from './webhook-deps'
import { WebhookError } from './webhook-error'
import { generateWebhookSecret } from './webhook-signature'
import type { WebhookEndpointsTable } from './webhook-tables'

/** An endpoint as the tenant sees it (never its secret). */
export interface WebhookEndpoint {
  readonly id: string
  readonly tenantId: string
  readonly url: string
  readonly description: string | null
  readonly eventTypes: readonly string[]
  readonly enabled: boolean
  readonly headers: Readonly<Record<string, string>>
  /** Why the system disabled it (it kept failing); `null` otherwise. */
  readonly disabledReason: string | null
  /** Start of its current run of failed attempts; `null` after a success. */
  readonly failingSince: string | null
  /** Until when the previous secret still signs, after a rotation; `null` when none does. */
  readonly previousSecretExpiresAt: string | null
  readonly createdAt: string
  readonly updatedAt: string
}

/** An endpoint with its signing secret: returned once, by create and rotate. */
export interface WebhookEndpointWithSecret {
  readonly endpoint: WebhookEndpoint
  /** `whsec_…`; not shown again. */
  readonly secret: string
}

/** One of a tenant's endpoints. */
export interface EndpointRef {
  readonly tenantId: string
  readonly id: string
}

/** A page of endpoints, newest first; `next` is the id to continue after. */
export interface EndpointPage {
  readonly items: readonly WebhookEndpoint[]
  readonly next: string | null
}

/** Registers, changes, lists and deletes a tenant's webhook endpoints. */
export interface EndpointService {
  create(
    tenantId: string,
    input: CreateEndpointInput,
    actor: WebhookActor,
  ): Promise<WebhookEndpointWithSecret>
  get(ref: EndpointRef): Promise<WebhookEndpoint>
  list(
    tenantId: string,
    page: { readonly limit: number; readonly after?: string },
  ): Promise<EndpointPage>
  update(
    ref: EndpointRef,
    input: UpdateEndpointInput,
    actor: WebhookActor,
  ): Promise<WebhookEndpoint>
  delete(ref: EndpointRef, actor: WebhookActor): Promise<void>
  /** A new secret; the previous one keeps signing for the grace period. */
  rotateSecret(ref: EndpointRef, actor: WebhookActor): Promise<WebhookEndpointWithSecret>
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString()

/** The tenant's view of an endpoint row. */
function toEndpoint(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    enabled: row.enabled,
    headers: row.headers,
    disabledReason: row.disabled_reason,
    failingSince: iso(row.failing_since),
    previousSecretExpiresAt: iso(row.previous_secret_expires_at),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  }
}

const notFound = (id: string): WebhookError =>
  new WebhookError('NOT_FOUND', `Webhook endpoint ${id} not found`)

/**
 * The endpoint service over `webhookMigrations`: every change is one transaction with its
 * `webhook.*` event; the secret is generated here and returned only by `create` and `rotateSecret`.
 *
 * @example
 * ```ts
 * const endpoints = createEndpointService({ db, events: outbox, allowHttp: false })
 * const { endpoint, secret } = await endpoints.create(tenantId, {
 *   url: 'https://example.com/hooks', eventTypes: ['product.*'],
 * }, { userId })
 * ```
 */
export function createEndpointService(options: WebhookDeps): EndpointService {
  const deps = resolveWebhookDeps(options)
  const { db } = deps
  const urlRules = { policy: deps.policy, allowHttp: deps.allowHttp }

  const load = async (ref: EndpointRef) => {
    const row = await db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('tenant_id', '=', ref.tenantId)
      .where('id', '=', ref.id)
      .executeTakeFirst()
    if (!row) throw notFound(ref.id)
    return row
  }

  return {
    async create(tenantId, input, actor) {
      const parsed = parseInput(CreateEndpointSchema, input)
      const url = checkEndpointUrl(parsed.url, urlRules)
      const secret = generateWebhookSecret()
      const id = deps.newId()
      const now = deps.now()
      const row = await writeChange(deps, { tenantId, actor }, async (trx, events) => {
        const inserted = await trx
          .insertInto('webhook_endpoints')
          .values({
            id,
            tenant_id: tenantId,
            url,
            description: parsed.description,
            event_types: [...parsed.eventTypes],
            enabled: parsed.enabled,
            headers: JSON.stringify(parsed.headers),
            secret: deps.secrets.seal(secret, id),
            previous_secret: null,
            previous_secret_expires_at: null,
            disabled_reason: null,
            failing_since: null,
            created_at: now,
            updated_at: now,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        events.add(webhookEndpointCreated, { endpointId: id })
        return inserted
      })
      return { endpoint: toEndpoint(row), secret }
    },

    get: async (ref) => toEndpoint(await load(ref)),

    async list(tenantId, page) {
      const rows = await db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .$if(page.after !== undefined, (q) => q.where('id', '<', page.after!))
        .orderBy('id', 'desc')
        .limit(page.limit + 1)
        .execute()
      const items = rows.slice(0, page.limit).map(toEndpoint)
      return { items, next: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null }
    },

    async update(ref, input, actor) {
      const parsed = parseInput(UpdateEndpointSchema, input)
      const url = parsed.url === undefined ? undefined : checkEndpointUrl(parsed.url, urlRules)
      const row = await writeChange(
        deps,
        { tenantId: ref.tenantId, actor },
        async (trx, events) => {
          const updated = await trx
            .updateTable('webhook_endpoints')
            .set({
              ...(url === undefined ? {} : { url }),
              ...(parsed.description === undefined ? {} : { description: parsed.description }),
              ...(parsed.eventTypes === undefined ? {} : { event_types: [...parsed.eventTypes] }),
              ...(parsed.headers === undefined ? {} : { headers: JSON.stringify(parsed.headers) }),
              // Enabling (again) starts afresh: no reason, no run of failures.
              ...(parsed.enabled === undefined
                ? {}
                : parsed.enabled
                  ? { enabled: true, disabled_reason: null, failing_since: null }
                  : { enabled: false }),
              updated_at: deps.now(),
            })
            .where('tenant_id', '=', ref.tenantId)
            .where('id', '=', ref.id)
            .returningAll()
            .executeTakeFirst()
          if (!updated) throw notFound(ref.id)
          events.add(webhookEndpointUpdated, { endpointId: ref.id })
          return updated
        },
      )
      return toEndpoint(row)
    },

    async delete(ref, actor) {
      await writeChange(deps, { tenantId: ref.tenantId, actor }, async (trx, events) => {
        const deleted = await trx
          .deleteFrom('webhook_endpoints')
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', ref.id)
          .executeTakeFirst()
        if (deleted.numDeletedRows === 0n) throw notFound(ref.id)
        events.add(webhookEndpointDeleted, { endpointId: ref.id })
      })
    },

    async rotateSecret(ref, actor) {
      const secret = generateWebhookSecret()
      const now = deps.now()
      const row = await writeChange(
        deps,
        { tenantId: ref.tenantId, actor },
        async (trx, events) => {
          const current = await trx
            .selectFrom('webhook_endpoints')
            .select('secret')
            .where('tenant_id', '=', ref.tenantId)
            .where('id', '=', ref.id)
            .forUpdate()
            .executeTakeFirst()
          if (!current) throw notFound(ref.id)
          const updated = await trx
            .updateTable('webhook_endpoints')
            .set({
              secret: deps.secrets.seal(secret, ref.id),
              // Moved as stored (sealed for this endpoint): it is never opened here.
              previous_secret: current.secret,
              previous_secret_expires_at: new Date(now.getTime() + deps.rotationGraceMs),
              updated_at: now,
            })
            .where('tenant_id', '=', ref.tenantId)
            .where('id', '=', ref.id)
            .returningAll()
            .executeTakeFirstOrThrow()
          events.add(webhookSecretRotated, { endpointId: ref.id })
          return updated
        },
      )
      return { endpoint: toEndpoint(row), secret }
    },
  }
}
