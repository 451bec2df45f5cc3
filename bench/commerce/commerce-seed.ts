import { sql, type Kysely } from 'kysely'

/** What {@link seedCatalogue} made: the regions to price for and the one stock location. */
export interface SeededCatalogue {
  readonly eu: string
  readonly us: string
  readonly locationId: string
}

/**
 * Seeds `count` active products in bulk (set-based SQL, seconds for 10k): each with an English
 * and a Russian translation (handle `product-<i>`), one option Size with S, M, L and a variant per
 * size; every variant priced in EUR and USD (currency-wide), every tenth product's variants on a
 * sale list too, and 1,000 units of each at one location. Two regions: EU (EUR, VAT included)
 * and US (USD, tax added).
 */
export async function seedCatalogue(
  db: Kysely<unknown>,
  seed: { readonly tenantId: string; readonly count: number },
): Promise<SeededCatalogue> {
  const { tenantId, count } = seed
  const t = sql`${tenantId}::uuid`
  const ids = await sql<{ eu: string; us: string; location: string; list: string }>`
    select gen_random_uuid() as eu, gen_random_uuid() as us, gen_random_uuid() as location,
      gen_random_uuid() as list`.execute(db)
  const { eu = '', us = '', location = '', list = '' } = ids.rows[0] ?? {}
  await sql`insert into commerce_regions (id, tenant_id, name, currency, countries, tax_rate, tax_included)
    values (${eu}::uuid, ${t}, 'Europe', 'EUR', '{DE,FR}', 20, true),
           (${us}::uuid, ${t}, 'United States', 'USD', '{US}', 7.25, false)`.execute(db)
  await sql`insert into commerce_price_lists (id, tenant_id, name, type, status)
    values (${list}::uuid, ${t}, 'Sale', 'sale', 'active')`.execute(db)
  await sql`insert into commerce_stock_locations (id, tenant_id, name)
    values (${location}::uuid, ${t}, 'Warehouse')`.execute(db)
  await sql`
    insert into commerce_products (id, tenant_id, status, metadata, created_at, updated_at, published_at)
    select gen_random_uuid(), ${t}, 'active', '{}'::jsonb, now() - make_interval(secs => i),
      now() - make_interval(secs => i), now() - make_interval(secs => i)
    from generate_series(1, ${count}) as i`.execute(db)
  await sql`
    insert into commerce_product_translations (tenant_id, product_id, locale, title, handle, description)
    select p.tenant_id, p.id, l.locale, 'Product ' || p.rn || ' (' || l.locale || ')',
      'product-' || p.rn || case when l.locale = 'en' then '' else '-' || l.locale end,
      'A description of product ' || p.rn
    from (select id, tenant_id, row_number() over (order by created_at desc) as rn
          from commerce_products where tenant_id = ${t}) p
    cross join unnest(array['en', 'ru']) as l(locale)`.execute(db)
  await sql`insert into commerce_product_options (id, tenant_id, product_id, position)
    select gen_random_uuid(), tenant_id, id, 0 from commerce_products where tenant_id = ${t}`.execute(
    db,
  )
  await sql`insert into commerce_option_translations (tenant_id, option_id, locale, name)
    select tenant_id, id, 'en', 'Size' from commerce_product_options where tenant_id = ${t}`.execute(
    db,
  )
  await sql`insert into commerce_option_values (id, tenant_id, option_id, position)
    select gen_random_uuid(), o.tenant_id, o.id, s.position
    from commerce_product_options o cross join generate_series(0, 2) as s(position)
    where o.tenant_id = ${t}`.execute(db)
  await sql`insert into commerce_option_value_translations (tenant_id, value_id, locale, label)
    select tenant_id, id, 'en', (array['S', 'M', 'L'])[position + 1]
    from commerce_option_values where tenant_id = ${t}`.execute(db)
  await sql`
    insert into commerce_variants (id, tenant_id, product_id, sku, rank, option_key, metadata)
    select gen_random_uuid(), v.tenant_id, o.product_id, 'SKU-' || v.id, v.position, v.id::text, '{}'::jsonb
    from commerce_option_values v
    join commerce_product_options o on o.tenant_id = v.tenant_id and o.id = v.option_id
    where v.tenant_id = ${t}`.execute(db)
  await sql`insert into commerce_variant_option_values (tenant_id, variant_id, value_id)
    select tenant_id, id, option_key::uuid from commerce_variants where tenant_id = ${t}`.execute(
    db,
  )
  await sql`
    insert into commerce_prices (id, tenant_id, variant_id, currency, amount)
    select gen_random_uuid(), v.tenant_id, v.id, c.currency, 1000 + (abs(hashtext(v.id::text)) % 9000)
    from commerce_variants v cross join unnest(array['EUR', 'USD']) as c(currency)
    where v.tenant_id = ${t}`.execute(db)
  await sql`
    insert into commerce_prices (id, tenant_id, variant_id, currency, price_list_id, amount)
    select gen_random_uuid(), v.tenant_id, v.id, 'EUR', ${list}::uuid, 900
    from commerce_variants v where v.tenant_id = ${t} and abs(hashtext(v.product_id::text)) % 10 = 0`.execute(
    db,
  )
  await sql`insert into commerce_inventory_levels (tenant_id, variant_id, location_id, stocked)
    select tenant_id, id, ${location}::uuid, 1000 from commerce_variants where tenant_id = ${t}`.execute(
    db,
  )
  await sql`analyze commerce_products, commerce_product_translations, commerce_variants,
    commerce_prices, commerce_inventory_levels`.execute(db)
  return { eu, us, locationId: location }
}
