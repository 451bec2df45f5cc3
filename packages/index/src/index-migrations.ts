import type { MigrationModule } from '@rustok/core-db'
import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any database type */

const statements = [
  // Per tenant and entity: the generation readers see, the one a rebuild is writing, and the
  // rebuild's checkpoint (the last source id written) and progress.
  `create table index_generations (
    tenant_id uuid not null,
    entity text not null check (entity in ('content', 'products')),
    active integer not null default 0,
    building integer,
    checkpoint text,
    done integer not null default 0,
    total integer not null default 0,
    started_at timestamptz,
    updated_at timestamptz not null default now(),
    finished_at timestamptz,
    primary key (tenant_id, entity),
    check (building is null or building > active)
  )`,
  `create table index_content (
    tenant_id uuid not null,
    generation integer not null,
    node_id uuid not null,
    locale text not null,
    text_locale text not null,
    kind text not null,
    status text not null,
    published boolean not null,
    author_id uuid,
    category_id uuid,
    category_ids uuid[] not null default '{}',
    category_names text[] not null default '{}',
    tag_ids uuid[] not null default '{}',
    tag_names text[] not null default '{}',
    title text not null,
    slug text not null,
    excerpt text,
    body text not null default '',
    seo jsonb,
    published_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    search_config text not null,
    search tsvector not null,
    primary key (tenant_id, generation, node_id, locale)
  )`,
  `create index index_content_search on index_content using gin (search)`,
  `create index index_content_list on index_content (tenant_id, generation, locale, published, created_at desc, node_id desc)`,
  `create index index_content_terms on index_content using gin (category_ids, tag_ids)`,
  `create table index_products (
    tenant_id uuid not null,
    generation integer not null,
    product_id uuid not null,
    locale text not null,
    text_locale text not null,
    status text not null,
    published boolean not null,
    title text not null,
    subtitle text,
    handle text not null,
    description text,
    material text,
    tags text[] not null default '{}',
    category_ids uuid[] not null default '{}',
    category_names text[] not null default '{}',
    collection_ids uuid[] not null default '{}',
    options jsonb not null default '[]',
    variant_count integer not null,
    skus text[] not null default '{}',
    images jsonb not null default '[]',
    prices jsonb not null default '{}',
    on_sale boolean not null,
    in_stock boolean not null,
    inventory_total integer not null,
    published_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    search_config text not null,
    search tsvector not null,
    primary key (tenant_id, generation, product_id, locale)
  )`,
  `create index index_products_search on index_products using gin (search)`,
  `create index index_products_list on index_products (tenant_id, generation, locale, published, created_at desc, product_id desc)`,
  `create index index_products_terms on index_products using gin (category_ids, tags, collection_ids)`,
  // The last event each projection applied: the projection lag's "occurred at".
  `create table index_projection_state (
    handler text primary key,
    last_event_id uuid not null,
    last_occurred_at timestamptz not null,
    applied_at timestamptz not null default now()
  )`,
]

async function readModels(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

/**
 * The tables of `@rustok/index`: the content and product read models (one document per entity
 * and locale, per generation), each tenant's active and building generation with the rebuild
 * checkpoint, and the projections' last applied event.
 */
export const indexMigrations: MigrationModule = {
  name: 'index',
  migrations: {
    '0001_read_models': { up: readModels },
  },
}
