import * as v from 'valibot'
import { LocaleSchema } from '../internal/parse-input'
import { BLOCK_TYPES, type BlockType } from './block-types'

/** The most blocks one page holds. */
export const MAX_PAGE_BLOCKS = 100

const TextsObject = v.record(v.string(), v.unknown(), 'must be an object')
const Texts = v.record(LocaleSchema, TextsObject, 'must be an object of texts by locale')
const TextsPatch = v.record(
  LocaleSchema,
  v.nullable(TextsObject),
  'must be an object of texts by locale',
)

/** Input of `blocks.add`: its type, data and texts per locale (checked by the type's schemas). */
export interface AddBlockInput {
  readonly type: BlockType
  readonly data?: Readonly<Record<string, unknown>>
  /** `{ en: { title: 'Hi' }, ru: { title: 'Привет' } }`. */
  readonly texts?: Readonly<Record<string, Readonly<Record<string, unknown>>>>
  /** Where it goes (0 = first); default: last. */
  readonly position?: number
}

/** Input of `blocks.update`: `data` replaces; texts merge by locale (`null` drops a locale). */
export interface UpdateBlockInput {
  readonly data?: Readonly<Record<string, unknown>>
  readonly texts?: Readonly<Record<string, Readonly<Record<string, unknown>> | null>>
}

/** The schema of {@link AddBlockInput} (each type's own schemas run after it). */
export const AddBlockSchema: v.GenericSchema<
  AddBlockInput,
  {
    type: BlockType
    data: Record<string, unknown>
    texts: Record<string, Record<string, unknown>>
    position?: number
  }
> = v.object({
  type: v.picklist(BLOCK_TYPES, `must be one of ${BLOCK_TYPES.join(', ')}`),
  data: v.optional(v.record(v.string(), v.unknown(), 'must be an object'), {}),
  texts: v.optional(Texts, {}),
  position: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
})

/** The schema of {@link UpdateBlockInput}. */
export const UpdateBlockSchema: v.GenericSchema<
  UpdateBlockInput,
  { data?: Record<string, unknown>; texts?: Record<string, Record<string, unknown> | null> }
> = v.object({
  data: v.optional(v.record(v.string(), v.unknown(), 'must be an object')),
  texts: v.optional(TextsPatch),
})

/** Input of `blocks.reorder`: every block id of the page, in the new order. */
export interface ReorderBlocksInput {
  readonly blockIds: readonly string[]
}

/** The schema of {@link ReorderBlocksInput}. */
export const ReorderBlocksSchema: v.GenericSchema<ReorderBlocksInput, { blockIds: string[] }> =
  v.object({
    blockIds: v.pipe(
      v.array(v.pipe(v.string(), v.uuid('must be a UUID')), 'must be a list'),
      v.maxLength(MAX_PAGE_BLOCKS),
      v.check((ids) => new Set(ids).size === ids.length, 'must not repeat a block'),
    ),
  })
