import type { MigrationModule } from '@rustok/core-db'
import { sql, type Kysely } from 'kysely'
import { blogTables } from './blog/blog-migration'
import { forumTables } from './forum/forum-migration'
import { pagesTables } from './pages/pages-migration'
import { mediaTables } from './media/media-migration'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any database type */

const LOCALE_CHECK = `~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'`
const SLUG_CHECK = `~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 200`

async function nodeTables(db: Kysely<any>): Promise<void> {
  // Categories come first: nodes point at them. Every reference between two tenant-owned rows is a
  // composite foreign key on (tenant_id, …), so the database refuses a link across tenants.
  await sql
    .raw(
      `create table content_categories (
        id uuid primary key,
        tenant_id uuid not null,
        parent_id uuid,
        position integer not null default 0,
        depth integer not null default 0 check (depth between 0 and 7),
        node_count integer not null default 0 check (node_count >= 0),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (tenant_id, id),
        foreign key (tenant_id, parent_id) references content_categories (tenant_id, id)
      )`,
    )
    .execute(db)
  await sql
    .raw(
      `create table content_category_translations (
        tenant_id uuid not null,
        category_id uuid not null,
        locale text not null check (locale ${LOCALE_CHECK}),
        name text not null check (length(name) between 1 and 255),
        slug text not null check (slug ${SLUG_CHECK}),
        description text check (length(description) <= 5000),
        primary key (category_id, locale),
        unique (tenant_id, locale, slug),
        foreign key (tenant_id, category_id) references content_categories (tenant_id, id) on delete cascade
      )`,
    )
    .execute(db)
  await sql
    .raw(
      `create table content_nodes (
        id uuid primary key,
        tenant_id uuid not null,
        kind text not null check (kind ~ '^[a-z][a-z0-9_]{0,31}$'),
        parent_id uuid,
        depth integer not null default 0 check (depth between 0 and 15),
        author_id uuid,
        category_id uuid,
        status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
        position integer not null default 0 check (position between 0 and 1000000),
        metadata jsonb not null default '{}'::jsonb
          check (jsonb_typeof(metadata) = 'object' and octet_length(metadata::text) <= 65536),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        published_at timestamptz,
        publish_at timestamptz,
        unpublish_at timestamptz,
        deleted_at timestamptz,
        revision integer not null default 0,
        unique (tenant_id, id),
        unique (tenant_id, id, kind),
        check (parent_id is null or parent_id <> id),
        foreign key (tenant_id, parent_id) references content_nodes (tenant_id, id),
        foreign key (tenant_id, category_id)
          references content_categories (tenant_id, id) on delete set null (category_id)
      )`,
    )
    .execute(db)
  await sql`create index content_nodes_list on content_nodes (tenant_id, kind, status, created_at desc, id desc)`.execute(
    db,
  )
  await sql`create index content_nodes_published on content_nodes (tenant_id, kind, published_at desc, id desc) where status = 'published' and deleted_at is null`.execute(
    db,
  )
  await sql`create index content_nodes_parent on content_nodes (tenant_id, parent_id) where parent_id is not null`.execute(
    db,
  )
  await sql`create index content_nodes_category on content_nodes (tenant_id, category_id) where category_id is not null`.execute(
    db,
  )
  await sql`create index content_nodes_author on content_nodes (tenant_id, author_id)`.execute(db)
  // The scheduler's probes: only rows with a due time are in these indexes.
  await sql`create index content_nodes_publish_due on content_nodes (publish_at) where publish_at is not null`.execute(
    db,
  )
  await sql`create index content_nodes_unpublish_due on content_nodes (unpublish_at) where unpublish_at is not null`.execute(
    db,
  )
  await sql
    .raw(
      `create table content_node_translations (
        tenant_id uuid not null,
        node_id uuid not null,
        kind text not null,
        locale text not null check (locale ${LOCALE_CHECK}),
        title text not null check (length(title) between 1 and 255),
        slug text not null check (slug ${SLUG_CHECK}),
        excerpt text check (length(excerpt) <= 1000),
        updated_at timestamptz not null default now(),
        primary key (node_id, locale),
        constraint content_node_translations_slug_key unique (tenant_id, kind, locale, slug),
        foreign key (tenant_id, node_id, kind) references content_nodes (tenant_id, id, kind) on delete cascade
      )`,
    )
    .execute(db)
  await sql`create index content_node_translations_title on content_node_translations (tenant_id, locale, lower(title) text_pattern_ops)`.execute(
    db,
  )
  // Old slugs keep resolving to their node (a 301 over HTTP) until another node takes them.
  await sql
    .raw(
      `create table content_slug_history (
        tenant_id uuid not null,
        kind text not null,
        locale text not null,
        slug text not null,
        node_id uuid not null,
        retired_at timestamptz not null default now(),
        primary key (tenant_id, kind, locale, slug),
        foreign key (tenant_id, node_id, kind) references content_nodes (tenant_id, id, kind) on delete cascade
      )`,
    )
    .execute(db)
  await sql
    .raw(
      `create table content_bodies (
        tenant_id uuid not null,
        node_id uuid not null,
        locale text not null check (locale ${LOCALE_CHECK}),
        format text not null check (format in ('markdown', 'html', 'plain', 'json')),
        body text not null check (length(body) <= 1000000),
        updated_at timestamptz not null default now(),
        primary key (node_id, locale),
        foreign key (tenant_id, node_id) references content_nodes (tenant_id, id) on delete cascade
      )`,
    )
    .execute(db)
  await sql
    .raw(
      `create table content_revisions (
        tenant_id uuid not null,
        node_id uuid not null,
        number integer not null check (number >= 1),
        actor_id uuid,
        reason text not null check (reason in ('create', 'update', 'restore')),
        snapshot jsonb not null,
        created_at timestamptz not null default now(),
        primary key (node_id, number),
        foreign key (tenant_id, node_id) references content_nodes (tenant_id, id) on delete cascade
      )`,
    )
    .execute(db)
}

async function tagAndSeoTables(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `create table content_tags (
        id uuid primary key,
        tenant_id uuid not null,
        use_count integer not null default 0 check (use_count >= 0),
        created_at timestamptz not null default now(),
        unique (tenant_id, id)
      )`,
    )
    .execute(db)
  await sql
    .raw(
      `create table content_tag_translations (
        tenant_id uuid not null,
        tag_id uuid not null,
        locale text not null check (locale ${LOCALE_CHECK}),
        name text not null check (length(name) between 1 and 100),
        slug text not null check (slug ${SLUG_CHECK}),
        primary key (tag_id, locale),
        unique (tenant_id, locale, slug),
        foreign key (tenant_id, tag_id) references content_tags (tenant_id, id) on delete cascade
      )`,
    )
    .execute(db)
  await sql
    .raw(
      `create table content_node_tags (
        tenant_id uuid not null,
        node_id uuid not null,
        tag_id uuid not null,
        created_at timestamptz not null default now(),
        primary key (node_id, tag_id),
        foreign key (tenant_id, node_id) references content_nodes (tenant_id, id) on delete cascade,
        foreign key (tenant_id, tag_id) references content_tags (tenant_id, id) on delete cascade
      )`,
    )
    .execute(db)
  await sql`create index content_node_tags_tag on content_node_tags (tenant_id, tag_id)`.execute(db)
  await sql
    .raw(
      `create table content_seo (
        tenant_id uuid not null,
        node_id uuid not null,
        locale text not null check (locale ${LOCALE_CHECK}),
        title text check (length(title) <= 255),
        description text check (length(description) <= 500),
        keywords text check (length(keywords) <= 500),
        canonical_url text check (length(canonical_url) <= 2000),
        robots text check (length(robots) <= 100),
        open_graph jsonb not null default '{}'::jsonb check (jsonb_typeof(open_graph) = 'object'),
        structured_data jsonb,
        updated_at timestamptz not null default now(),
        primary key (node_id, locale),
        foreign key (tenant_id, node_id) references content_nodes (tenant_id, id) on delete cascade
      )`,
    )
    .execute(db)
}

/**
 * The tables of `@rustok/content`: nodes with their translations, bodies, slug history and
 * revisions; categories, tags and SEO meta. Run them with the other packages' migrations through
 * core-db's `createMigrator`.
 *
 * @example
 * ```ts
 * await createMigrator({ db, modules: [outboxMigrations, contentMigrations] }).up()
 * ```
 */
export const contentMigrations: MigrationModule = {
  name: 'content',
  migrations: {
    '0001_nodes': {
      async up(db) {
        await nodeTables(db)
        await tagAndSeoTables(db)
      },
    },
    '0002_media': { up: mediaTables },
    '0003_blog_comments': { up: blogTables },
    '0004_pages': { up: pagesTables },
    '0005_forum': { up: forumTables },
  },
}
