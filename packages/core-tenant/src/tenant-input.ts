import * as v from 'valibot'
import { LocaleCodeSchema } from './locale-code'
import { validateHost, validateSlug, type IdentifierResult } from './tenant-identifier'

/** What `TenantStore.create` takes (before validation). */
export interface CreateTenantInput {
  /** Validated and normalised with `validateSlug`. */
  readonly slug: string
  /** 1–255 characters after trimming. */
  readonly name: string
  /** The tenant's own host name (validated with `validateHost`); omitted or `null` for none. */
  readonly domain?: string | null | undefined
  /** Default `en`. */
  readonly defaultLocale?: string | undefined
  /** Free-form settings object. Default `{}`. */
  readonly settings?: Readonly<Record<string, unknown>> | undefined
}

/** A validated, normalised {@link CreateTenantInput}. */
export interface NewTenant {
  readonly slug: string
  readonly name: string
  readonly domain: string | null
  readonly defaultLocale: string
  readonly settings: Readonly<Record<string, unknown>>
}

/** What `TenantStore.update` takes: any subset of the editable fields. */
export interface TenantPatch {
  readonly slug?: string | undefined
  readonly name?: string | undefined
  /** `null` removes the domain. */
  readonly domain?: string | null | undefined
  /** Must be one of the tenant's locales; it is added (enabled) if missing. */
  readonly defaultLocale?: string | undefined
  /** Replaces the whole settings object. */
  readonly settings?: Readonly<Record<string, unknown>> | undefined
}

function identifier(validate: (raw: string) => IdentifierResult): v.GenericSchema<string, string> {
  return v.pipe(
    v.string('must be a string'),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const result = validate(dataset.value)
      if (result.ok) return result.value
      addIssue({ message: result.message })
      return NEVER
    }),
  )
}

const NameSchema = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(255, 'must be at most 255 characters'),
)
const SlugSchema = identifier(validateSlug)
const DomainSchema = v.nullable(identifier(validateHost))
const SettingsSchema = v.record(v.string(), v.unknown(), 'must be an object')

/**
 * Valibot schema of {@link CreateTenantInput}; its output is a {@link NewTenant}.
 *
 * @example
 * ```ts
 * v.parse(CreateTenantInputSchema, { slug: 'Acme', name: 'Acme' }).slug // 'acme'
 * ```
 */
export const CreateTenantInputSchema: v.GenericSchema<CreateTenantInput, NewTenant> = v.object({
  slug: SlugSchema,
  name: NameSchema,
  domain: v.optional(DomainSchema, null),
  defaultLocale: v.optional(LocaleCodeSchema, 'en'),
  settings: v.optional(SettingsSchema, {}),
})

/**
 * Valibot schema of {@link TenantPatch}; it normalises every field that is present.
 *
 * @example
 * ```ts
 * v.parse(TenantPatchSchema, { domain: 'Shop.Example.com' }).domain // 'shop.example.com'
 * ```
 */
export const TenantPatchSchema: v.GenericSchema<TenantPatch, TenantPatch> = v.object({
  slug: v.optional(SlugSchema),
  name: v.optional(NameSchema),
  domain: v.optional(DomainSchema),
  defaultLocale: v.optional(LocaleCodeSchema),
  settings: v.optional(SettingsSchema),
})
