/** The values `TenantLocales` takes and returns. */

/** One locale a tenant offers. */
export interface TenantLocale {
  readonly locale: string
  /** The next locale to try when a translation is missing; `null` goes to the default. */
  readonly fallback: string | null
  readonly enabled: boolean
  readonly position: number
  readonly isDefault: boolean
}

/** What `TenantLocales.addLocale` takes. */
export interface AddLocaleInput {
  readonly locale: string
  /** An enabled locale of the tenant; omitted or `null` for none. */
  readonly fallback?: string | null | undefined
  /** Display order. Default: after the existing locales. */
  readonly position?: number | undefined
}

/** What `TenantLocales.setFallback` takes. */
export interface SetFallbackInput {
  readonly locale: string
  /** An enabled locale of the tenant other than `locale`, or `null` to go straight to the default. */
  readonly fallback: string | null
}

/** Outcome of a locale change. */
export type LocaleChangeResult =
  | { readonly ok: true; readonly changed: boolean }
  | {
      readonly ok: false
      readonly reason:
        | 'TENANT_NOT_FOUND'
        | 'UNKNOWN_LOCALE'
        | 'UNKNOWN_FALLBACK'
        | 'ALREADY_ENABLED'
        | 'IS_DEFAULT'
      readonly message: string
    }
