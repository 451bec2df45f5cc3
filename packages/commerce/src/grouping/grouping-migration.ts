import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any database type */

const LOCALE_CHECK = `~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'`
const HANDLE_CHECK = `~ '^[a-z0-9]+(-[a-z0-9]+)*$'`

const statements = [
  // Collections: hand-picked, ordered sets of products ("Summer 2026").
  `create table commerce_collections (
    id uuid primary key,
    tenant_id uuid not null,
    metadata jsonb not null default '{}'::jsonb
      check (jsonb_typeof(metadata) = 'object' and octet_length(metadata::text) <= 65536),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id)
  )`,
  `create table commerce_collection_translations (
    tenant_id uuid not null,
    collection_id uuid not null,
    locale text not null check (locale ${LOCALE_CHECK}),
    title text not null check (length(title) between 1 and 255),
    handle text not null check (handle ${HANDLE_CHECK} and length(handle) <= 200),
    description text check (length(description) <= 10000),
    primary key (collection_id, locale),
    constraint commerce_collection_handle_key unique (tenant_id, locale, handle),
    foreign key (tenant_id, collection_id) references commerce_collections (tenant_id, id) on delete cascade
  )`,
  `create table commerce_collection_products (
    tenant_id uuid not null,
    collection_id uuid not null,
    product_id uuid not null,
    position integer not null check (position >= 0),
    primary key (collection_id, product_id),
    foreign key (tenant_id, collection_id) references commerce_collections (tenant_id, id) on delete cascade,
    foreign key (tenant_id, product_id) references commerce_products (tenant_id, id) on delete cascade
  )`,
  `create index commerce_collection_products_product on commerce_collection_products (product_id)`,
  // Product categories: a tree (bounded depth); inactive ones are hidden from the storefront,
  // internal ones are never shown there (for merchandising rules only).
  `create table commerce_categories (
    id uuid primary key,
    tenant_id uuid not null,
    parent_id uuid,
    position integer not null default 0 check (position >= 0),
    depth integer not null default 0 check (depth between 0 and 7),
    is_active boolean not null default true,
    is_internal boolean not null default false,
    metadata jsonb not null default '{}'::jsonb
      check (jsonb_typeof(metadata) = 'object' and octet_length(metadata::text) <= 65536),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id),
    check (parent_id is distinct from id),
    foreign key (tenant_id, parent_id) references commerce_categories (tenant_id, id)
  )`,
  `create index commerce_categories_tree on commerce_categories (tenant_id, parent_id, position, id)`,
  `create table commerce_category_translations (
    tenant_id uuid not null,
    category_id uuid not null,
    locale text not null check (locale ${LOCALE_CHECK}),
    name text not null check (length(name) between 1 and 255),
    handle text not null check (handle ${HANDLE_CHECK} and length(handle) <= 200),
    description text check (length(description) <= 10000),
    primary key (category_id, locale),
    constraint commerce_category_handle_key unique (tenant_id, locale, handle),
    foreign key (tenant_id, category_id) references commerce_categories (tenant_id, id) on delete cascade
  )`,
  `create table commerce_product_categories (
    tenant_id uuid not null,
    product_id uuid not null,
    category_id uuid not null,
    primary key (product_id, category_id),
    foreign key (tenant_id, product_id) references commerce_products (tenant_id, id) on delete cascade,
    foreign key (tenant_id, category_id) references commerce_categories (tenant_id, id) on delete cascade
  )`,
  `create index commerce_product_categories_category on commerce_product_categories (category_id)`,
  // Tags: free words per product, normalised to lowercase, filterable.
  `create table commerce_product_tags (
    tenant_id uuid not null,
    product_id uuid not null,
    tag text not null check (tag ~ '^[^A-Z]{1,64}$' and tag = btrim(tag) and tag <> ''),
    primary key (product_id, tag),
    foreign key (tenant_id, product_id) references commerce_products (tenant_id, id) on delete cascade
  )`,
  `create index commerce_product_tags_tag on commerce_product_tags (tenant_id, tag)`,
  // Images: a media id of the content module (checked by the caller when that module is on) or
  // an absolute URL; exactly one of the two.
  `create table commerce_product_images (
    tenant_id uuid not null,
    product_id uuid not null,
    position integer not null check (position >= 0),
    media_id uuid,
    url text check (url ~ '^https?://' and length(url) <= 2000),
    alt text check (length(alt) <= 500),
    primary key (product_id, position),
    check ((media_id is null) <> (url is null)),
    foreign key (tenant_id, product_id) references commerce_products (tenant_id, id) on delete cascade
  )`,
]

/** Migration `0004_grouping`: collections, categories, tags and images of products. */
export async function groupingMigration(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}
