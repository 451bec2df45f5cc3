import type { ContentMediaTable, ContentMediaTranslationsTable } from '../content-tables'
import type { LocalizedText } from '../nodes/node-types'
import type { Selectable } from 'kysely'

/** A media item's texts in one locale. */
export interface MediaTranslation {
  readonly locale: string
  readonly title: string | null
  readonly altText: string | null
  readonly caption: string | null
}

/** What every view of a media item has. Times are ISO 8601 strings in UTC. */
export interface MediaFields {
  readonly id: string
  readonly tenantId: string
  readonly uploadedBy: string | null
  /** The stored name (the id); the client's name is `originalName`, for display only. */
  readonly filename: string
  readonly originalName: string
  /** Detected from the bytes, never taken from the name or the client's header. */
  readonly mimeType: string
  readonly size: number
  readonly width: number | null
  readonly height: number | null
  /** SHA-256 of the bytes, lowercase hex (the file's ETag). */
  readonly checksum: string
  readonly metadata: Readonly<Record<string, unknown>>
  readonly createdAt: string
}

/** A media item with its texts in every locale (admin). */
export interface MediaItem extends MediaFields {
  readonly translations: readonly MediaTranslation[]
}

/** A media item in a list: its texts in the reader's locale, through the fallback chain. */
export interface MediaListItem extends MediaFields {
  readonly translation: LocalizedText<Omit<MediaTranslation, 'locale'>> | null
}

/** One page of media and where the next starts (`null` on the last page). */
export interface MediaPage {
  readonly items: readonly MediaListItem[]
  readonly next: { readonly value: string; readonly id: string } | null
}

/** A `content_media` row as read. */
export type MediaRow = Selectable<ContentMediaTable>

/** The public fields of a row. */
export function mediaFields(row: MediaRow): MediaFields {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    uploadedBy: row.uploaded_by,
    filename: row.filename,
    originalName: row.original_name,
    mimeType: row.mime_type,
    size: Number(row.size),
    width: row.width,
    height: row.height,
    checksum: row.checksum,
    metadata: row.metadata,
    createdAt: row.created_at.toISOString(),
  }
}

/** A translation row as returned. */
export function mediaTranslation(row: Selectable<ContentMediaTranslationsTable>): MediaTranslation {
  return { locale: row.locale, title: row.title, altText: row.alt_text, caption: row.caption }
}
