import * as v from 'valibot'
import { LocaleSchema } from '../internal/parse-input'

const label = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(100, 'must be at most 100 characters'),
)
const oneEach = <T extends { locale: string }>(items: T[]): boolean =>
  new Set(items.map((item) => item.locale)).size === items.length
const NameTexts = v.pipe(
  v.array(v.object({ locale: LocaleSchema, name: label }), 'must be a list'),
  v.minLength(1, 'must have at least one translation'),
  v.maxLength(50),
  v.check(oneEach, 'must have one translation per locale'),
)
const LabelTexts = v.pipe(
  v.array(v.object({ locale: LocaleSchema, label }), 'must be a list'),
  v.minLength(1, 'must have at least one translation'),
  v.maxLength(50),
  v.check(oneEach, 'must have one translation per locale'),
)
const Uuid = v.pipe(v.string('must be a string'), v.uuid('must be a UUID'))

/** Texts of an option per locale: `[{ locale: 'en', name: 'Size' }]`. */
export type OptionNames = readonly { readonly locale: string; readonly name: string }[]
/** Texts of a value per locale: `[{ locale: 'en', label: 'XL' }]`. */
export type ValueLabels = readonly { readonly locale: string; readonly label: string }[]

/** Input of `products.addOption`: existing variants take the first value. */
export interface AddOptionInput {
  readonly translations: OptionNames
  readonly values: readonly { readonly translations: ValueLabels }[]
}

/** Input of `products.updateOption`: names merge by locale; `values` are added at the end. */
export interface UpdateOptionInput {
  readonly translations?: OptionNames
  /** Existing values to rename (labels merge by locale). */
  readonly rename?: readonly { readonly valueId: string; readonly translations: ValueLabels }[]
  /** New values, appended. */
  readonly addValues?: readonly { readonly translations: ValueLabels }[]
  /** Values to remove: refused while a variant uses one. */
  readonly removeValueIds?: readonly string[]
}

type Names = { locale: string; name: string }[]
type Labels = { locale: string; label: string }[]

/** The schema of {@link AddOptionInput}. */
export const AddOptionSchema: v.GenericSchema<
  AddOptionInput,
  { translations: Names; values: { translations: Labels }[] }
> = v.object({
  translations: NameTexts,
  values: v.pipe(
    v.array(v.object({ translations: LabelTexts }), 'must be a list'),
    v.minLength(1, 'must have at least one value'),
    v.maxLength(100),
  ),
})

/** The schema of {@link UpdateOptionInput}. */
export const UpdateOptionSchema: v.GenericSchema<
  UpdateOptionInput,
  {
    translations?: Names
    rename?: { valueId: string; translations: Labels }[]
    addValues?: { translations: Labels }[]
    removeValueIds?: string[]
  }
> = v.object({
  translations: v.optional(NameTexts),
  rename: v.optional(
    v.pipe(v.array(v.object({ valueId: Uuid, translations: LabelTexts })), v.maxLength(100)),
  ),
  addValues: v.optional(v.pipe(v.array(v.object({ translations: LabelTexts })), v.maxLength(100))),
  removeValueIds: v.optional(v.pipe(v.array(Uuid), v.maxLength(100))),
})
