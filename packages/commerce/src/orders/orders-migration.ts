import { sql, type Kysely } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on any database type */

// Amounts are bigint minor units kept within JavaScript's safe integers.
const amount = (column: string) =>
  `${column} bigint not null default 0 check (${column} between 0 and 9007199254740991)`
const STATUSES = `'pending', 'confirmed', 'paid', 'shipped', 'delivered', 'cancelled'`
const CHECKOUT_STEPS = `'reserving', 'authorizing', 'placing', 'confirming', 'completed', 'compensating', 'failed'`

const statements = [
  // The last order number given per tenant: numbers are unique and rising, not gap-free.
  `create table commerce_order_counters (
    tenant_id uuid primary key,
    last_number bigint not null check (last_number >= 0)
  )`,
  // A checkout in progress (the saga): what it froze, which step it reached, what it holds.
  `create table commerce_checkouts (
    id uuid primary key,
    tenant_id uuid not null,
    cart_id uuid not null,
    idempotency_key text check (length(idempotency_key) between 1 and 255),
    step text not null check (step in (${CHECKOUT_STEPS})),
    provider text not null check (length(provider) between 1 and 50),
    currency text not null check (currency ~ '^[A-Z]{3}$'),
    ${amount('total')},
    snapshot jsonb not null check (jsonb_typeof(snapshot) = 'object'),
    reservation_ids uuid[] not null default '{}',
    payment_id uuid,
    order_id uuid,
    error_code text check (length(error_code) <= 100),
    error_message text check (length(error_message) <= 1000),
    lease_owner text,
    lease_until timestamptz,
    attempts integer not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id)
  )`,
  `create unique index commerce_checkouts_idempotency on commerce_checkouts (tenant_id, idempotency_key) where idempotency_key is not null`,
  // One live checkout per cart: a failed one may be retried, a finished one is final.
  `create unique index commerce_checkouts_cart on commerce_checkouts (tenant_id, cart_id) where step <> 'failed'`,
  `create index commerce_checkouts_unfinished on commerce_checkouts (lease_until) where step not in ('completed', 'failed')`,
  `create table commerce_orders (
    id uuid primary key,
    tenant_id uuid not null,
    number text not null check (length(number) between 1 and 50),
    status text not null check (status in (${STATUSES})),
    checkout_id uuid not null,
    cart_id uuid not null,
    customer_id uuid,
    email text not null check (length(email) between 3 and 320),
    region_id uuid not null,
    currency text not null check (currency ~ '^[A-Z]{3}$'),
    tax_inclusive boolean not null,
    ${amount('subtotal')},
    ${amount('discount_total')},
    ${amount('tax_total')},
    ${amount('shipping_total')},
    ${amount('total')},
    shipping_address jsonb check (shipping_address is null or jsonb_typeof(shipping_address) = 'object'),
    billing_address jsonb check (billing_address is null or jsonb_typeof(billing_address) = 'object'),
    promotion_codes text[] not null default '{}',
    carrier text check (length(carrier) between 1 and 50),
    tracking_number text check (length(tracking_number) between 1 and 100),
    cancel_reason text check (length(cancel_reason) <= 500),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    confirmed_at timestamptz,
    paid_at timestamptz,
    shipped_at timestamptz,
    delivered_at timestamptz,
    cancelled_at timestamptz,
    unique (tenant_id, id),
    constraint commerce_orders_number_key unique (tenant_id, number),
    constraint commerce_orders_checkout_key unique (tenant_id, checkout_id),
    constraint commerce_orders_cart_key unique (tenant_id, cart_id)
  )`,
  `create index commerce_orders_list on commerce_orders (tenant_id, created_at desc, id desc)`,
  `create index commerce_orders_customer on commerce_orders (tenant_id, customer_id, created_at desc) where customer_id is not null`,
  `create table commerce_order_lines (
    id uuid primary key,
    tenant_id uuid not null,
    order_id uuid not null,
    position integer not null check (position >= 0),
    variant_id uuid not null,
    product_id uuid not null,
    title text not null check (length(title) between 1 and 500),
    sku text check (length(sku) <= 100),
    quantity integer not null check (quantity > 0),
    ${amount('unit_price')},
    compare_at bigint check (compare_at between 0 and 9007199254740991),
    ${amount('discount_total')},
    ${amount('tax_total')},
    ${amount('total')},
    reservation_id uuid,
    foreign key (tenant_id, order_id) references commerce_orders (tenant_id, id) on delete cascade
  )`,
  `create index commerce_order_lines_order on commerce_order_lines (order_id, position)`,
  // A payment: one authorisation at a provider, for one checkout and (once placed) its order.
  `create table commerce_payments (
    id uuid primary key,
    tenant_id uuid not null,
    checkout_id uuid not null,
    order_id uuid,
    provider text not null check (length(provider) between 1 and 50),
    provider_ref text check (length(provider_ref) <= 255),
    status text not null check (status in ('authorized', 'voided', 'captured')),
    ${amount('amount')},
    currency text not null check (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (tenant_id, id),
    constraint commerce_payments_checkout_key unique (tenant_id, checkout_id)
  )`,
  // Money that moved: captures and refunds. An order's paid and refunded amounts are their sums.
  `create table commerce_payment_transactions (
    id uuid primary key,
    tenant_id uuid not null,
    payment_id uuid not null,
    order_id uuid not null,
    kind text not null check (kind in ('capture', 'refund')),
    amount bigint not null check (amount between 1 and 9007199254740991),
    currency text not null check (currency ~ '^[A-Z]{3}$'),
    provider_ref text check (length(provider_ref) <= 255),
    idempotency_key text not null check (length(idempotency_key) between 1 and 300),
    created_at timestamptz not null default now(),
    constraint commerce_payment_transactions_key unique (tenant_id, idempotency_key),
    foreign key (tenant_id, payment_id) references commerce_payments (tenant_id, id),
    foreign key (tenant_id, order_id) references commerce_orders (tenant_id, id)
  )`,
  // The order's own events, copied in the transaction that wrote them to the outbox: its history
  // outlives the outbox's retention, and replaying it gives the stored state.
  `create table commerce_order_events (
    id uuid primary key,
    tenant_id uuid not null,
    order_id uuid not null,
    position bigint generated always as identity,
    type text not null,
    version integer not null,
    payload jsonb not null,
    actor_id uuid,
    occurred_at timestamptz not null,
    foreign key (tenant_id, order_id) references commerce_orders (tenant_id, id) on delete cascade
  )`,
  `create index commerce_order_events_order on commerce_order_events (order_id, position)`,
  `create index commerce_payment_transactions_order on commerce_payment_transactions (order_id, created_at)`,
]

/** Orders, their lines, payments and money movements, and the checkout saga's state. */
export async function ordersMigration(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}
