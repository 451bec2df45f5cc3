import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any database type */

const NIL = `'00000000-0000-0000-0000-000000000000'::uuid`

// Amounts are bigint minor units kept within JavaScript's safe integers.
const AMOUNT = `bigint check (%s between 0 and 9007199254740991)`

const statements = [
  `create table commerce_regions (
    id uuid primary key,
    tenant_id uuid not null,
    name text not null check (length(name) between 1 and 100),
    currency text not null check (currency ~ '^[A-Z]{3}$'),
    countries text[] not null default '{}'
      check (cardinality(countries) <= 250 and array_to_string(countries, ',') ~ '^([A-Z]{2}(,[A-Z]{2})*)?$'),
    tax_rate numeric(7, 4) not null default 0 check (tax_rate between 0 and 100),
    tax_included boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id),
    unique (tenant_id, id, currency)
  )`,
  `create table commerce_price_lists (
    id uuid primary key,
    tenant_id uuid not null,
    name text not null check (length(name) between 1 and 100),
    description text check (length(description) <= 1000),
    type text not null check (type in ('sale', 'override')),
    status text not null default 'draft' check (status in ('draft', 'active')),
    starts_at timestamptz,
    ends_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (starts_at is null or ends_at is null or starts_at < ends_at),
    unique (tenant_id, id)
  )`,
  // A regional price is in its region's currency: the composite key includes the currency, so the
  // database refuses a USD price for a EUR region as it refuses another tenant's region.
  `create table commerce_prices (
    id uuid primary key,
    tenant_id uuid not null,
    variant_id uuid not null,
    currency text not null check (currency ~ '^[A-Z]{3}$'),
    region_id uuid,
    price_list_id uuid,
    amount ${AMOUNT.replace('%s', 'amount')} not null,
    compare_at ${AMOUNT.replace('%s', 'compare_at')},
    min_quantity integer not null default 1 check (min_quantity >= 1),
    max_quantity integer check (max_quantity >= min_quantity),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id),
    foreign key (tenant_id, variant_id) references commerce_variants (tenant_id, id) on delete cascade,
    foreign key (tenant_id, region_id, currency)
      references commerce_regions (tenant_id, id, currency) on delete cascade,
    foreign key (tenant_id, price_list_id) references commerce_price_lists (tenant_id, id) on delete cascade
  )`,
  // One price per variant, currency, region (or none), list (or none) and tier start.
  `create unique index commerce_prices_key on commerce_prices
    (tenant_id, variant_id, currency, coalesce(region_id, ${NIL}), coalesce(price_list_id, ${NIL}), min_quantity)`,
  `create index commerce_prices_list on commerce_prices (tenant_id, price_list_id) where price_list_id is not null`,
  `create index commerce_prices_region on commerce_prices (tenant_id, region_id) where region_id is not null`,
]

/** `0003_pricing`: regions, price lists and stored prices (tiers, compare-at, per region). */
export async function pricingMigration(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}
