import type { AnyKysely } from '@rustok/core-db'
import type { Kysely } from 'kysely'
import type { SecretBox } from './secret-box'
import type { WebhookTables } from './webhook-tables'

/**
 * Seals again, with the current key, every endpoint secret (current and previous) that is not
 * sealed with it: plaintext written before keys were configured, or sealed with an older key of
 * the ring. Run after putting a new key first; once it has run, the older key may be dropped.
 * Each row is rewritten only if its stored values did not change meanwhile (a rotation wins).
 * Resolves to the number of endpoints resealed, and of those left as they were because no key of
 * the ring opens them (a key dropped too early: put it back and run again).
 *
 * @example
 * ```ts
 * await resealWebhookSecrets({ db, secrets: createSecretBox([newKey, oldKey]) })
 * ```
 */
export async function resealWebhookSecrets(options: {
  readonly db: Kysely<WebhookTables> | AnyKysely
  readonly secrets: SecretBox
  /** Endpoints read per page. Default 500. */
  readonly pageSize?: number
}): Promise<{ readonly resealed: number; readonly unopenable: number }> {
  const db = options.db as Kysely<WebhookTables>
  const { secrets, pageSize = 500 } = options
  const stale = (stored: string | null) => stored !== null && !secrets.isCurrent(stored)
  let resealed = 0
  let unopenable = 0
  let after: string | undefined
  for (;;) {
    const page = await db
      .selectFrom('webhook_endpoints')
      .select(['id', 'secret', 'previous_secret'])
      .$if(after !== undefined, (q) => q.where('id', '>', after!))
      .orderBy('id')
      .limit(pageSize)
      .execute()
    for (const row of page) {
      if (!stale(row.secret) && !stale(row.previous_secret)) continue
      const reseal = (stored: string) => secrets.seal(secrets.open(stored, row.id), row.id)
      let secret: string
      let previous: string | null
      try {
        secret = reseal(row.secret)
        previous = row.previous_secret === null ? null : reseal(row.previous_secret)
      } catch {
        unopenable += 1
        continue
      }
      const updated = await db
        .updateTable('webhook_endpoints')
        .set({
          secret,
          previous_secret: previous,
        })
        .where('id', '=', row.id)
        .where('secret', '=', row.secret)
        .where((eb) =>
          row.previous_secret === null
            ? eb('previous_secret', 'is', null)
            : eb('previous_secret', '=', row.previous_secret),
        )
        .executeTakeFirst()
      if (updated.numUpdatedRows > 0n) resealed += 1
    }
    if (page.length < pageSize) return { resealed, unopenable }
    after = page.at(-1)!.id
  }
}
