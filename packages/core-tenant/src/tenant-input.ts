import * as v from 'valibot'
import { LocaleCodeSchema } from './locale-code'
import {
  RESERVED_SLUGS,
  validateHost,
  validateSlug,
  type IdentifierResult,
} from './tenant-identifier'

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

/**
 * The rules of an identifier as JSON Schema keywords, for the OpenAPI document: they describe the
 * normalised form (input is trimmed and lowercased first), so a value that meets them is accepted.
 */
type IdentifierRules = Readonly<Record<string, unknown>>

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
const SLUG_RULES: IdentifierRules = {
  pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
  minLength: 1,
  maxLength: 63,
  not: { enum: [...RESERVED_SLUGS] },
  description:
    'Lowercase letters, digits and hyphens, 1–63, starting with a letter or digit; not a reserved name.',
}
const HOST_RULES: IdentifierRules = {
  pattern: `^${LABEL}(?:\\.${LABEL})*$`,
  maxLength: 253,
  not: { pattern: '^(?:localhost|\\d{1,3}(?:\\.\\d{1,3}){3})$' },
  description:
    'A host name such as shop.example.com (lowercase labels of 1–63 letters, digits and inner hyphens); not an IP address or localhost.',
}

function identifier(
  validate: (raw: string) => IdentifierResult,
  rules: IdentifierRules,
): v.GenericSchema<string, string> {
  return v.pipe(
    v.string('must be a string'),
    v.metadata(rules),
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
  // Stated before the trim, so the OpenAPI document carries it: some character that is not space.
  v.regex(/\S/, 'must not be empty'),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(255, 'must be at most 255 characters'),
)
const SlugSchema = identifier(validateSlug, SLUG_RULES)
const DomainSchema = v.nullable(identifier(validateHost, HOST_RULES))
const SettingsSchema = v.pipe(
  v.record(v.string(), v.unknown(), 'must be an object'),
  v.description(
    'Free-form JSON object. Over HTTP at most 64 KiB of JSON and 32 levels deep, with no U+0000.',
  ),
)

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
