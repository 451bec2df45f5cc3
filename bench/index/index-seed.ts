import { sql, type Kysely } from 'kysely'

const EN_ADJ = [
  'linen',
  'wool',
  'cotton',
  'leather',
  'denim',
  'silk',
  'running',
  'winter',
  'summer',
  'classic',
]
const EN_NOUN = [
  'shirt',
  'socks',
  'jacket',
  'shoes',
  'scarf',
  'trousers',
  'hat',
  'dress',
  'belt',
  'gloves',
]
const RU_ADJ = [
  'льняная',
  'шерстяная',
  'хлопковая',
  'кожаная',
  'джинсовая',
  'шёлковая',
  'беговая',
  'зимняя',
  'летняя',
  'классическая',
]
const RU_NOUN = [
  'рубашка',
  'носки',
  'куртка',
  'обувь',
  'шарф',
  'брюки',
  'шляпа',
  'платье',
  'ремень',
  'перчатки',
]
const TAGS = ['new', 'sale', 'eco', 'premium', 'basic']

const arr = (values: readonly string[]) => sql`array[${sql.join(values)}]::text[]`

/**
 * Gives the seeded catalogue searchable texts: English and Russian titles of an adjective and a
 * noun from ten each (`Linen shirt 17`, `Льняная рубашка 17`), a description, a tag per product,
 * and a compare-at price on every fifth product's EUR prices (on sale).
 */
export async function searchableTexts(db: Kysely<unknown>, tenantId: string): Promise<void> {
  await sql`
    update commerce_product_translations t set
      title = initcap((case when t.locale = 'ru' then ${arr(RU_ADJ)} else ${arr(EN_ADJ)} end)[1 + p.rn % 10])
        || ' ' || (case when t.locale = 'ru' then ${arr(RU_NOUN)} else ${arr(EN_NOUN)} end)[1 + (p.rn / 10) % 10]
        || ' ' || p.rn,
      description = case when t.locale = 'ru' then 'Удобная вещь на каждый день, номер ' || p.rn
        else 'A comfortable everyday piece, number ' || p.rn end
    from (select id, row_number() over (order by id) as rn from commerce_products
          where tenant_id = ${tenantId}::uuid) p
    where t.tenant_id = ${tenantId}::uuid and t.product_id = p.id`.execute(db)
  await sql`
    insert into commerce_product_tags (tenant_id, product_id, tag)
    select tenant_id, id, (${arr(TAGS)})[1 + (row_number() over (order by id)) % 5]
    from commerce_products where tenant_id = ${tenantId}::uuid`.execute(db)
  await sql`
    update commerce_prices pr set compare_at = pr.amount + 500
    from commerce_variants v
    where pr.tenant_id = ${tenantId}::uuid and v.tenant_id = pr.tenant_id and v.id = pr.variant_id
      and pr.currency = 'EUR' and pr.price_list_id is null and hashtext(v.product_id::text) % 5 = 0`.execute(
    db,
  )
}
