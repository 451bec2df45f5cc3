import { sql, type Kysely } from 'kysely'

// The storefront's two reads written by hand, one statement each: what the service does, as
// directly as SQL can (the region's currency, its regional prices before currency-wide, the
// lowest applicable base and active sale, availability summed over locations).

const bestPrice = (variant: string) => sql`
  (select min(pr.amount) filter (where pr.price_list_id is null) as base,
          min(pr.amount) filter (where pr.price_list_id is not null) as sale
   from commerce_prices pr
   left join commerce_price_lists l on l.tenant_id = pr.tenant_id and l.id = pr.price_list_id
   where pr.tenant_id = r.tenant_id and pr.variant_id = ${sql.ref(variant)} and pr.currency = r.currency
     and (pr.region_id is null or pr.region_id = r.id) and pr.min_quantity <= 1
     and (pr.price_list_id is null or (l.status = 'active' and l.type = 'sale'
       and (l.starts_at is null or l.starts_at <= now()) and (l.ends_at is null or l.ends_at > now()))))`

/** A product by handle with its English texts, variants, labels, prices and availability. */
export async function rawByHandle(
  db: Kysely<unknown>,
  input: { readonly tenantId: string; readonly handle: string; readonly regionId: string },
): Promise<unknown[]> {
  const { rows } = await sql`
    select p.id, t.title, t.description, t.handle, v.id as variant_id, v.sku, vt.label,
      price.base, price.sale, stock.available
    from commerce_product_translations h
    join commerce_products p on p.tenant_id = h.tenant_id and p.id = h.product_id and p.status = 'active'
    join commerce_regions r on r.tenant_id = p.tenant_id and r.id = ${input.regionId}::uuid
    join commerce_product_translations t on t.tenant_id = p.tenant_id and t.product_id = p.id and t.locale = 'en'
    join commerce_variants v on v.tenant_id = p.tenant_id and v.product_id = p.id
    join commerce_variant_option_values vo on vo.tenant_id = v.tenant_id and vo.variant_id = v.id
    join commerce_option_value_translations vt on vt.tenant_id = vo.tenant_id and vt.value_id = vo.value_id and vt.locale = 'en'
    cross join lateral ${bestPrice('v.id')} price
    cross join lateral (select coalesce(sum(stocked - reserved), 0) as available
      from commerce_inventory_levels il where il.tenant_id = v.tenant_id and il.variant_id = v.id) stock
    where h.tenant_id = ${input.tenantId}::uuid and h.handle = ${input.handle}
    order by v.rank, v.id`.execute(db)
  return rows
}

/** The newest 20 active products with their English texts and lowest price in the region. */
export async function rawList(
  db: Kysely<unknown>,
  input: { readonly tenantId: string; readonly regionId: string },
): Promise<unknown[]> {
  const { rows } = await sql`
    select p.id, p.created_at, t.title, t.handle, low.amount
    from (select * from commerce_products where tenant_id = ${input.tenantId}::uuid and status = 'active'
          order by created_at desc, id desc limit 20) p
    join commerce_regions r on r.tenant_id = p.tenant_id and r.id = ${input.regionId}::uuid
    join commerce_product_translations t on t.tenant_id = p.tenant_id and t.product_id = p.id and t.locale = 'en'
    cross join lateral (
      select min(least(coalesce(price.sale, price.base), price.base)) as amount
      from commerce_variants v cross join lateral ${bestPrice('v.id')} price
      where v.tenant_id = p.tenant_id and v.product_id = p.id) low
    order by p.created_at desc, p.id desc`.execute(db)
  return rows
}
