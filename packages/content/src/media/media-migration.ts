import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any database type */

/**
 * `content_media` and its translations (migration `0002_media`). The file's bytes live in the
 * storage driver under `storage_key`; the row says what they are. `filename` is the stored name
 * (the media id), never the client's, which is kept only as `original_name` for display.
 */
export async function mediaTables(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create table content_media (
        id uuid primary key,
        tenant_id uuid not null,
        uploaded_by uuid,
        filename text not null check (length(filename) between 1 and 255),
        original_name text not null check (length(original_name) between 1 and 255),
        mime_type text not null check (mime_type ~ '^[a-z]+/[a-z0-9.+-]+$' and length(mime_type) <= 100),
        size bigint not null check (size >= 0),
        width integer check (width > 0),
        height integer check (height > 0),
        storage_driver text not null check (length(storage_driver) between 1 and 32),
        storage_key text not null check (length(storage_key) between 1 and 500),
        checksum text not null check (checksum ~ '^[0-9a-f]{64}$'),
        metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
        created_at timestamptz not null default now(),
        unique (tenant_id, id)
      )`,
    )
    .execute(db)
  await sql`create index content_media_list on content_media (tenant_id, created_at desc, id desc)`.execute(
    db,
  )
  await sql
    .raw(
      `create table content_media_translations (
        tenant_id uuid not null,
        media_id uuid not null,
        locale text not null check (locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
        title text check (length(title) <= 255),
        alt_text text check (length(alt_text) <= 1000),
        caption text check (length(caption) <= 5000),
        primary key (media_id, locale),
        foreign key (tenant_id, media_id) references content_media (tenant_id, id) on delete cascade
      )`,
    )
    .execute(db)
}
