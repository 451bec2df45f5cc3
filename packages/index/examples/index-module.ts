// Search through the index's port with the in-memory engine (the server uses the PostgreSQL one
// over the read models), and the server module's declaration. Run it: npx tsx examples/index-module.ts
import { createMemorySearchEngine, searchConfig, type ProductDocument } from '@rustok/index'
import { indexModule } from '@rustok/index/http'

const tenantId = crypto.randomUUID()
const product = (id: string, title: string, min: number, tags: string[]): ProductDocument => ({
  tenantId,
  productId: id,
  locale: 'en',
  textLocale: 'en',
  status: 'active',
  published: true,
  title,
  subtitle: null,
  handle: title.toLowerCase().replaceAll(' ', '-'),
  description: null,
  material: null,
  tags,
  categoryIds: [],
  categoryNames: [],
  collectionIds: [],
  options: [],
  variantCount: 1,
  skus: [],
  images: [],
  prices: { EUR: { min, max: min } },
  onSale: false,
  inStock: true,
  inventoryTotal: 5,
  publishedAt: null,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
})

const engine = createMemorySearchEngine()
engine.putProducts([
  product(crypto.randomUUID(), 'Linen shirt', 4_000, ['summer']),
  product(crypto.randomUUID(), 'Oxford shirt', 7_000, ['office']),
  product(crypto.randomUUID(), 'Wool socks', 900, ['winter']),
])
const page = await engine.searchProducts({
  tenantId,
  locale: 'en',
  q: 'shi',
  currency: 'EUR',
  sort: 'price_asc',
  facets: true,
})
console.log(page.total, 'hits:', page.items.map((hit) => hit.title).join(', '))
console.log('tags:', page.facets?.tag.map((f) => `${f.label} (${f.count})`).join(', '))
console.log('ru documents are searched with the', searchConfig('ru-RU'), 'configuration')
console.log(`module "${indexModule.name}", toggleable: ${indexModule.toggleable}`)
