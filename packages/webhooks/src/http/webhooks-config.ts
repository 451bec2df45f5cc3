import * as v from 'valibot'

/** The webhooks module's settings (`config.webhooks` of an app). */
export interface WebhooksConfig {
  /** Accept `http:` endpoint URLs (local development only). Default `false`. */
  readonly allowHttp: boolean
  /** CIDRs or addresses the SSRF guard lets through (e.g. `127.0.0.1/32` for a local receiver). */
  readonly allowList: readonly string[]
  /** Limit of one delivery request, connect to answer. Default 10 s. */
  readonly timeoutMs: number
  /** Attempts in all before a delivery is dead. Default 8. */
  readonly maxAttempts: number
  /** Delay before the second attempt, doubling after. Default 5 s. */
  readonly baseDelayMs: number
  /** Longest delay between attempts (also caps `Retry-After`). Default 1 hour. */
  readonly maxDelayMs: number
  /** Most deliveries of one endpoint in flight at once. Default 4. */
  readonly perEndpointConcurrency: number
  /** Most deliveries of one tenant in flight at once, over all its endpoints. Default 32. */
  readonly perTenantConcurrency: number
  /** Consecutive failures that open an endpoint's breaker. Default 5. */
  readonly breakerThreshold: number
  /** How long an open breaker waits before one trial. Default 60 s. */
  readonly halfOpenAfterMs: number
  /** An endpoint failing this long with no success is disabled. Default 5 days. */
  readonly disableAfterMs: number
  /** How long a rotated-out secret still signs. Default 24 hours. */
  readonly rotationGraceMs: number
  /**
   * Server keys sealing the signing secrets at rest (AES-256-GCM; 32 bytes in base64 each,
   * `generateSecretKey()`): the first seals, all open. To rotate, put a new key first; the
   * hourly retention job reseals every secret with it; then drop the old key. Default none:
   * secrets are stored as they are.
   */
  readonly secretKeys: readonly string[]
  /** Settled deliveries and their attempts are kept this long. Default 30 days. */
  readonly retentionMs: number
  /** Pause between the delivery worker's runs (worker role). Default 1 s. */
  readonly pollMs: number
}

/** What {@link WebhooksConfigSchema} accepts: any subset of the settings. */
export type WebhooksConfigInput = Partial<WebhooksConfig>

const integer = (min: number, max: number, fallback: number) =>
  v.optional(v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max)), fallback)

const DAY = 86_400_000

/** Validates the webhooks module's settings and fills the defaults. */
export const WebhooksConfigSchema: v.GenericSchema<
  WebhooksConfigInput | undefined,
  WebhooksConfig
> = v.optional(
  v.object({
    allowHttp: v.optional(v.boolean(), false),
    allowList: v.optional(v.array(v.string()), []),
    timeoutMs: integer(100, 60_000, 10_000),
    maxAttempts: integer(1, 50, 8),
    baseDelayMs: integer(10, 3_600_000, 5_000),
    maxDelayMs: integer(10, DAY, 3_600_000),
    perEndpointConcurrency: integer(1, 100, 4),
    perTenantConcurrency: integer(1, 10_000, 32),
    breakerThreshold: integer(1, 1_000, 5),
    halfOpenAfterMs: integer(100, DAY, 60_000),
    disableAfterMs: integer(1_000, 365 * DAY, 5 * DAY),
    rotationGraceMs: integer(0, 30 * DAY, DAY),
    secretKeys: v.optional(
      v.array(
        v.pipe(
          v.string(),
          v.check(
            (key) => /^[A-Za-z0-9+/]{43}=$/.test(key),
            'must be 32 bytes in base64 (generateSecretKey())',
          ),
        ),
      ),
      [],
    ),
    retentionMs: integer(60_000, 365 * DAY, 30 * DAY),
    pollMs: integer(50, 60_000, 1_000),
  }),
  {},
)
