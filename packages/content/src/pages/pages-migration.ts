import { sql, type Kysely } from 'kysely'
import { BLOCK_TYPES } from './block-types'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any database type */

/** The deepest menu item: top-level items have depth 0. */
export const MAX_MENU_DEPTH = 3

/** Where a menu shows; one menu per location per tenant. */
export const MENU_LOCATIONS = ['header', 'footer', 'sidebar', 'mobile'] as const

const LOCALE_CHECK = `~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'`
const types = BLOCK_TYPES.map((type) => `'${type}'`).join(', ')
const locations = MENU_LOCATIONS.map((location) => `'${location}'`).join(', ')

const statements = [
  // Blocks of a page: a node of kind `page` (the composite key refuses another tenant's node or a
  // node of another kind). Positions are unique per page, checked at commit, so a reorder can
  // move every block in one transaction.
  `create table content_page_blocks (
    id uuid primary key,
    tenant_id uuid not null,
    page_id uuid not null,
    page_kind text not null default 'page' check (page_kind = 'page'),
    position integer not null check (position >= 0),
    type text not null check (type in (${types})),
    data jsonb not null default '{}'::jsonb
      check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 65536),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id),
    constraint content_page_blocks_position_key unique (page_id, position) deferrable initially deferred,
    foreign key (tenant_id, page_id, page_kind)
      references content_nodes (tenant_id, id, kind) on delete cascade
  )`,
  `create table content_page_block_translations (
    tenant_id uuid not null,
    block_id uuid not null,
    locale text not null check (locale ${LOCALE_CHECK}),
    texts jsonb not null check (jsonb_typeof(texts) = 'object' and octet_length(texts::text) <= 65536),
    primary key (block_id, locale),
    foreign key (tenant_id, block_id) references content_page_blocks (tenant_id, id) on delete cascade
  )`,
  `create table content_menus (
    id uuid primary key,
    tenant_id uuid not null,
    location text not null check (location in (${locations})),
    name text not null check (length(name) between 1 and 100),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id),
    constraint content_menus_location_key unique (tenant_id, location)
  )`,
  // A menu item links to a node (a page or any node kind) or to a URL; exactly one of them.
  `create table content_menu_items (
    id uuid primary key,
    tenant_id uuid not null,
    menu_id uuid not null,
    parent_id uuid,
    position integer not null check (position >= 0),
    depth integer not null check (depth between 0 and ${MAX_MENU_DEPTH}),
    node_id uuid,
    url text check (url ~ '^(https?://|/)' and length(url) <= 2000),
    labels jsonb not null check (jsonb_typeof(labels) = 'object'),
    unique (tenant_id, id),
    check ((node_id is null) <> (url is null)),
    check ((parent_id is null) = (depth = 0)),
    foreign key (tenant_id, menu_id) references content_menus (tenant_id, id) on delete cascade,
    foreign key (tenant_id, parent_id) references content_menu_items (tenant_id, id) on delete cascade,
    foreign key (tenant_id, node_id) references content_nodes (tenant_id, id) on delete cascade
  )`,
  `create index content_menu_items_menu on content_menu_items (menu_id, depth, position)`,
  // Per tenant, the key preview tokens are signed with: rotating it revokes every token.
  `create table content_page_preview_keys (
    tenant_id uuid primary key,
    secret bytea not null check (length(secret) = 32),
    created_at timestamptz not null default now()
  )`,
]

/** Migration `0004_pages`: page blocks with their texts, menus with items, preview keys. */
export async function pagesTables(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}
