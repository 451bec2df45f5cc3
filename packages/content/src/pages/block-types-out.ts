import type { BlockType } from './block-types'

/** A block as editors see it: every locale's texts. */
export interface PageBlock {
  readonly id: string
  readonly position: number
  readonly type: BlockType
  readonly data: Readonly<Record<string, unknown>>
  readonly texts: Readonly<Record<string, Readonly<Record<string, unknown>>>>
  readonly updatedAt: string
}

/** A block as a reader gets it: the texts of one locale (the fallback chain applied). */
export interface LocalizedBlock {
  readonly id: string
  readonly type: BlockType
  readonly data: Readonly<Record<string, unknown>>
  /** `null` when the block has no texts in any locale (a spacer). */
  readonly texts: Readonly<Record<string, unknown>> | null
  /** The locale the texts came from. */
  readonly locale: string | null
}
