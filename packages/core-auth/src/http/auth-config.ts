import { TrustedProxiesSchema, type TrustedProxies } from '@rustok/http'
import * as v from 'valibot'

/** Token signing and lifetimes: the auth module's settings (`config.auth` of the server). */
export interface AuthConfig {
  /** HMAC key for access tokens, at least 32 bytes; a random one per process when absent. */
  readonly jwtSecret?: string
  readonly issuer: string
  readonly audience: string
  readonly accessTtlSeconds: number
  readonly refreshTtlSeconds: number
  /**
   * The proxies in front of the app (a hop count or a list of addresses and CIDR ranges; see
   * `clientAddress` in `@rustok/http`): the client IP of the login throttle and of sessions is
   * the one they forwarded. Default 0: the socket's peer.
   */
  readonly trustedProxies: TrustedProxies
  /**
   * The platform operator's tenant invite (`POST /api/admin/tenants/:id/invites`) answers with
   * the invite token as well as mailing it, so a new tenant's first admin can be set up over
   * HTTP with no mail delivery. Default false: the token goes to the mailbox only.
   */
  readonly inviteTokenInResponse: boolean
  /** The module's clean-up job (worker role): expired sessions, tokens, throttle counters. */
  readonly maintenance: AuthMaintenanceConfig
}

/** How often the auth module's maintenance job runs, and how long expired rows stay. */
export interface AuthMaintenanceConfig {
  /** Pause between runs. Default 60 s. */
  readonly intervalMs: number
  /** How long expired sessions and single-use tokens stay after they expire. Default 1 day. */
  readonly retentionMs: number
}

const integer = (min: number, max: number) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max))

/** What {@link AuthConfigSchema} accepts: any subset of the settings. */
export type AuthConfigInput = Partial<Omit<AuthConfig, 'maintenance'>> & {
  readonly maintenance?: Partial<AuthMaintenanceConfig>
}

/** Validates the auth module's settings and fills the defaults. */
export const AuthConfigSchema: v.GenericSchema<AuthConfigInput | undefined, AuthConfig> =
  v.optional(
    v.object({
      jwtSecret: v.optional(v.pipe(v.string(), v.minBytes(32, 'must be at least 32 bytes'))),
      issuer: v.optional(v.pipe(v.string(), v.nonEmpty()), 'rustok'),
      audience: v.optional(v.pipe(v.string(), v.nonEmpty()), 'rustok-api'),
      accessTtlSeconds: v.optional(integer(1, 86_400), 900),
      refreshTtlSeconds: v.optional(integer(60, 31_536_000), 2_592_000),
      trustedProxies: v.optional(TrustedProxiesSchema, 0),
      inviteTokenInResponse: v.optional(v.boolean(), false),
      maintenance: v.optional(
        v.object({
          intervalMs: v.optional(integer(1_000, 86_400_000), 60_000),
          retentionMs: v.optional(integer(0, 31_536_000_000), 86_400_000),
        }),
        {},
      ),
    }),
    {},
  )
