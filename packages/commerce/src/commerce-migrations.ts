import type { MigrationModule } from '@rustok/core-db'
import { sql, type Kysely } from 'kysely'
import { cartMigration } from './cart/cart-migration'
import { groupingMigration } from './grouping/grouping-migration'
import { ordersMigration } from './orders/orders-migration'
import { pricingMigration } from './pricing/pricing-migration'
import { storefrontHandlesMigration } from './storefront/storefront-migration'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any database type */

const LOCALE_CHECK = `~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'`

const statements = [
  `create table commerce_products (
    id uuid primary key,
    tenant_id uuid not null,
    status text not null default 'draft' check (status in ('draft', 'active', 'archived')),
    is_gift_card boolean not null default false,
    discountable boolean not null default true,
    weight integer check (weight >= 0),
    length integer check (length >= 0),
    height integer check (height >= 0),
    width integer check (width >= 0),
    origin_country text check (origin_country ~ '^[A-Z]{2}$'),
    hs_code text check (length(hs_code) <= 20),
    external_id text check (length(external_id) <= 100),
    metadata jsonb not null default '{}'::jsonb
      check (jsonb_typeof(metadata) = 'object' and octet_length(metadata::text) <= 65536),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    published_at timestamptz,
    unique (tenant_id, id)
  )`,
  `create unique index commerce_products_external_key on commerce_products (tenant_id, external_id) where external_id is not null`,
  `create index commerce_products_list on commerce_products (tenant_id, status, created_at desc, id desc)`,
  `create table commerce_product_translations (
    tenant_id uuid not null,
    product_id uuid not null,
    locale text not null check (locale ${LOCALE_CHECK}),
    title text not null check (length(title) between 1 and 255),
    subtitle text check (length(subtitle) <= 255),
    handle text not null check (handle ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(handle) <= 200),
    description text check (length(description) <= 100000),
    material text check (length(material) <= 255),
    primary key (product_id, locale),
    constraint commerce_product_handle_key unique (tenant_id, locale, handle),
    foreign key (tenant_id, product_id) references commerce_products (tenant_id, id) on delete cascade
  )`,
  `create table commerce_product_options (
    id uuid primary key,
    tenant_id uuid not null,
    product_id uuid not null,
    position integer not null check (position >= 0),
    unique (tenant_id, id),
    unique (product_id, position),
    foreign key (tenant_id, product_id) references commerce_products (tenant_id, id) on delete cascade
  )`,
  `create table commerce_option_translations (
    tenant_id uuid not null,
    option_id uuid not null,
    locale text not null check (locale ${LOCALE_CHECK}),
    name text not null check (length(name) between 1 and 100),
    primary key (option_id, locale),
    foreign key (tenant_id, option_id) references commerce_product_options (tenant_id, id) on delete cascade
  )`,
  `create table commerce_option_values (
    id uuid primary key,
    tenant_id uuid not null,
    option_id uuid not null,
    position integer not null check (position >= 0),
    unique (tenant_id, id),
    unique (option_id, position),
    foreign key (tenant_id, option_id) references commerce_product_options (tenant_id, id) on delete cascade
  )`,
  `create table commerce_option_value_translations (
    tenant_id uuid not null,
    value_id uuid not null,
    locale text not null check (locale ${LOCALE_CHECK}),
    label text not null check (length(label) between 1 and 100),
    primary key (value_id, locale),
    foreign key (tenant_id, value_id) references commerce_option_values (tenant_id, id) on delete cascade
  )`,
  `create table commerce_variants (
    id uuid primary key,
    tenant_id uuid not null,
    product_id uuid not null,
    sku text check (length(sku) between 1 and 100),
    barcode text check (length(barcode) between 1 and 100),
    manage_inventory boolean not null default true,
    allow_backorder boolean not null default false,
    rank integer not null default 0 check (rank >= 0),
    option_key text not null,
    metadata jsonb not null default '{}'::jsonb check (jsonb_typeof(metadata) = 'object'),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id),
    constraint commerce_variants_options_key unique (product_id, option_key),
    foreign key (tenant_id, product_id) references commerce_products (tenant_id, id) on delete cascade
  )`,
  `create unique index commerce_variants_sku_key on commerce_variants (tenant_id, sku) where sku is not null`,
  `create unique index commerce_variants_barcode_key on commerce_variants (tenant_id, barcode) where barcode is not null`,
  `create table commerce_variant_option_values (
    tenant_id uuid not null,
    variant_id uuid not null,
    value_id uuid not null,
    primary key (variant_id, value_id),
    foreign key (tenant_id, variant_id) references commerce_variants (tenant_id, id) on delete cascade,
    foreign key (tenant_id, value_id) references commerce_option_values (tenant_id, id) on delete cascade
  )`,
]

const inventoryStatements = [
  `create table commerce_stock_locations (
    id uuid primary key,
    tenant_id uuid not null,
    name text not null check (length(name) between 1 and 200),
    created_at timestamptz not null default now(),
    unique (tenant_id, id)
  )`,
  `create table commerce_inventory_levels (
    tenant_id uuid not null,
    variant_id uuid not null,
    location_id uuid not null,
    stocked integer not null default 0 check (stocked >= 0),
    reserved integer not null default 0 check (reserved >= 0),
    incoming integer not null default 0 check (incoming >= 0),
    low_stock_threshold integer not null default 5 check (low_stock_threshold >= 0),
    updated_at timestamptz not null default now(),
    primary key (variant_id, location_id),
    foreign key (tenant_id, variant_id) references commerce_variants (tenant_id, id) on delete cascade,
    foreign key (tenant_id, location_id) references commerce_stock_locations (tenant_id, id) on delete cascade
  )`,
  // The ledger: a level is always the sum of its movements (a drift query checks it).
  `create table commerce_inventory_movements (
    id uuid primary key,
    tenant_id uuid not null,
    variant_id uuid not null,
    location_id uuid not null,
    kind text not null check (kind in ('adjust', 'set', 'transfer', 'reserve', 'release', 'expire', 'sale')),
    stocked_delta integer not null default 0,
    reserved_delta integer not null default 0,
    reason text check (length(reason) <= 500),
    reference text check (length(reference) <= 200),
    actor_id uuid,
    created_at timestamptz not null default now(),
    foreign key (tenant_id, variant_id) references commerce_variants (tenant_id, id) on delete cascade,
    foreign key (tenant_id, location_id) references commerce_stock_locations (tenant_id, id) on delete cascade
  )`,
  `create index commerce_inventory_movements_level on commerce_inventory_movements (variant_id, location_id, created_at)`,
  `create table commerce_reservations (
    id uuid primary key,
    tenant_id uuid not null,
    variant_id uuid not null,
    location_id uuid not null,
    quantity integer not null check (quantity > 0),
    reference text not null check (length(reference) between 1 and 200),
    status text not null default 'active' check (status in ('active', 'released', 'expired', 'converted')),
    expires_at timestamptz not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id),
    foreign key (tenant_id, variant_id) references commerce_variants (tenant_id, id) on delete cascade,
    foreign key (tenant_id, location_id) references commerce_stock_locations (tenant_id, id) on delete cascade
  )`,
  `create index commerce_reservations_due on commerce_reservations (expires_at) where status = 'active'`,
]

async function inventory(db: Kysely<any>): Promise<void> {
  for (const statement of inventoryStatements) await sql.raw(statement).execute(db)
}

async function catalogue(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

/**
 * The tables of `@rustok/commerce`: products with translations, options with values, and
 * variants; stock locations, inventory levels with their movement ledger, and reservations; regions, price
 * lists and prices. Every reference between two tenant-owned rows is a composite foreign key on
 * (tenant_id, …), so the database refuses a link across tenants.
 */
export const commerceMigrations: MigrationModule = {
  name: 'commerce',
  migrations: {
    '0001_catalogue': { up: catalogue },
    '0002_inventory': { up: inventory },
    '0003_pricing': { up: pricingMigration },
    '0004_grouping': { up: groupingMigration },
    '0005_storefront_handles': { up: storefrontHandlesMigration },
    '0006_carts': { up: cartMigration },
    '0007_orders': { up: ordersMigration },
  },
}
