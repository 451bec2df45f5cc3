import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any database type */

// Amounts are bigint minor units kept within JavaScript's safe integers.
const amount = (column: string) => `bigint check (${column} between 0 and 9007199254740991)`
const ADDRESS = `jsonb check (jsonb_typeof(%s) = 'object' and octet_length(%s::text) <= 4096)`
const address = (column: string) => ADDRESS.replaceAll('%s', column)
const EMAIL = `text check (email = lower(email) and length(email) between 3 and 255)`

const statements = [
  // A customer is a user of the tenant (core-auth); the library does not need the users table,
  // so customer_id is not a foreign key (ADR 0033). Addresses are the customer's own.
  `create table commerce_customer_addresses (
    id uuid primary key,
    tenant_id uuid not null,
    customer_id uuid not null,
    address ${address('address')} not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id)
  )`,
  `create index commerce_customer_addresses_owner on commerce_customer_addresses (tenant_id, customer_id, id)`,
  // Flat-rate shipping per region; (tenant, id, region) is a key so a cart can only pick an
  // option of its own region (the database refuses another region's).
  `create table commerce_shipping_options (
    id uuid primary key,
    tenant_id uuid not null,
    region_id uuid not null,
    name text not null check (length(name) between 1 and 100),
    amount ${amount('amount')} not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id),
    unique (tenant_id, id, region_id),
    foreign key (tenant_id, region_id) references commerce_regions (tenant_id, id) on delete cascade
  )`,
  `create table commerce_promotions (
    id uuid primary key,
    tenant_id uuid not null,
    code text not null check (code ~ '^[A-Z0-9][A-Z0-9_-]{0,49}$'),
    type text not null check (type in ('percentage', 'fixed')),
    percent numeric(7, 4) check (percent > 0 and percent <= 100),
    amount ${amount('amount')},
    currency text check (currency ~ '^[A-Z]{3}$'),
    min_subtotal ${amount('min_subtotal')},
    usage_limit integer check (usage_limit >= 0),
    per_customer_limit integer check (per_customer_limit >= 1),
    usage_count integer not null default 0
      check (usage_count >= 0 and (usage_limit is null or usage_count <= usage_limit)),
    starts_at timestamptz,
    ends_at timestamptz,
    active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (starts_at is null or ends_at is null or starts_at < ends_at),
    check ((type = 'percentage' and percent is not null and amount is null)
      or (type = 'fixed' and amount is not null and percent is null and currency is not null)),
    check (min_subtotal is null or currency is not null),
    unique (tenant_id, id),
    constraint commerce_promotions_code_key unique (tenant_id, code)
  )`,
  // Per-customer usage: one row per promotion and customer (a user id, or a guest's e-mail).
  `create table commerce_promotion_usages (
    tenant_id uuid not null,
    promotion_id uuid not null,
    customer_key text not null check (length(customer_key) between 1 and 255),
    count integer not null check (count >= 0),
    primary key (promotion_id, customer_key),
    foreign key (tenant_id, promotion_id) references commerce_promotions (tenant_id, id) on delete cascade
  )`,
  `create table commerce_promotion_redemptions (
    id uuid primary key,
    tenant_id uuid not null,
    promotion_id uuid not null,
    customer_key text not null,
    reference text not null check (length(reference) between 1 and 200),
    status text not null default 'redeemed' check (status in ('redeemed', 'released')),
    created_at timestamptz not null default now(),
    unique (tenant_id, id),
    constraint commerce_promotion_redemptions_key unique (tenant_id, promotion_id, reference),
    foreign key (tenant_id, promotion_id) references commerce_promotions (tenant_id, id) on delete cascade
  )`,
  `create table commerce_carts (
    id uuid primary key,
    tenant_id uuid not null,
    region_id uuid not null,
    currency text not null check (currency ~ '^[A-Z]{3}$'),
    customer_id uuid,
    email ${EMAIL},
    shipping_address ${address('shipping_address')},
    billing_address ${address('billing_address')},
    shipping_option_id uuid,
    status text not null default 'open' check (status in ('open', 'completed')),
    order_id uuid,
    completed_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check ((status = 'completed') = (completed_at is not null)),
    unique (tenant_id, id),
    foreign key (tenant_id, region_id, currency)
      references commerce_regions (tenant_id, id, currency) on delete cascade,
    foreign key (tenant_id, shipping_option_id, region_id)
      references commerce_shipping_options (tenant_id, id, region_id) on delete set null (shipping_option_id)
  )`,
  `create index commerce_carts_customer on commerce_carts (tenant_id, customer_id, created_at desc) where customer_id is not null`,
  `create table commerce_cart_lines (
    id uuid primary key,
    tenant_id uuid not null,
    cart_id uuid not null,
    variant_id uuid not null,
    quantity integer not null check (quantity between 1 and 10000),
    unit_price ${amount('unit_price')} not null,
    compare_at ${amount('compare_at')},
    price_source text not null check (price_source in ('base', 'sale', 'override')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id),
    constraint commerce_cart_lines_variant_key unique (cart_id, variant_id),
    foreign key (tenant_id, cart_id) references commerce_carts (tenant_id, id) on delete cascade,
    foreign key (tenant_id, variant_id) references commerce_variants (tenant_id, id) on delete cascade
  )`,
  `create table commerce_cart_promotions (
    tenant_id uuid not null,
    cart_id uuid not null,
    promotion_id uuid not null,
    added_at timestamptz not null default now(),
    primary key (cart_id, promotion_id),
    foreign key (tenant_id, cart_id) references commerce_carts (tenant_id, id) on delete cascade,
    foreign key (tenant_id, promotion_id) references commerce_promotions (tenant_id, id) on delete cascade
  )`,
]

/**
 * `0006_carts`: customer addresses, flat-rate shipping options per region, promotions with their
 * usage counters and redemptions, carts with lines and discount codes.
 */
export async function cartMigration(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}
