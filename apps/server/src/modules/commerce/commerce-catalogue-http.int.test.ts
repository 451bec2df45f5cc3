import type {
  Collection,
  CollectionSummary,
  Product,
  ProductCategory,
  ProductCategoryNode,
  StorefrontListItem,
} from '@rustok/commerce'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { png } from '../../testing/images.test-helper'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

interface Problem {
  readonly code: string
  readonly errors?: readonly { readonly path: string; readonly message: string }[]
}

/**
 * The catalogue's filing over HTTP, through the whole server: an admin builds a category tree and
 * a collection, edits a product in place (texts, tags, images from the content module's media
 * library), adds and removes a variant; a storefront without a token reads the tree, the
 * collection and the products filtered by them; another tenant's ids answer 404.
 */
describe('commerce catalogue over HTTP', () => {
  let server: TestServer
  let token: string
  const json = async <T>(response: Response): Promise<T> => (await response.json()) as T
  const admin = (method: string, path: string, body?: unknown) =>
    server.request(method, path, { token, ...(body === undefined ? {} : { body }) })
  const store = (path: string, tenant = server.acme.tenant) =>
    server.request('GET', path, { tenant })

  beforeAll(async () => {
    server = await createTestServer()
    token = server.acme.admin.accessToken
    for (const side of [server.acme, server.globex]) {
      await server.services.tenantModules.enableModule(side.tenant.id, 'content')
      await server.services.tenantModules.enableModule(side.tenant.id, 'commerce')
    }
  }, 120_000)
  afterAll(() => server.destroy())

  it('files products in categories and a collection; a storefront browses them', async () => {
    const clothing = await json<ProductCategory>(
      await admin('POST', '/api/commerce/product-categories', {
        translations: [{ locale: 'en', name: 'Clothing' }],
      }),
    )
    const shirts = await admin('POST', '/api/commerce/product-categories', {
      translations: [{ locale: 'en', name: 'Shirts' }],
      parentId: clothing.id,
    })
    expect(shirts.status).toBe(201)
    const shirtsId = (await json<ProductCategory>(shirts)).id
    const staff = await json<ProductCategory>(
      await admin('POST', '/api/commerce/product-categories', {
        translations: [{ locale: 'en', name: 'Staff picks' }],
        isInternal: true,
      }),
    )
    const created = await admin('POST', '/api/commerce/products', {
      translations: [{ locale: 'en', title: 'Oxford shirt' }],
      options: [
        {
          translations: [{ locale: 'en', name: 'Size' }],
          values: [
            { translations: [{ locale: 'en', label: 'S' }] },
            { translations: [{ locale: 'en', label: 'M' }] },
          ],
        },
      ],
      variants: [{ values: [0], sku: 'OX-S' }],
      categoryIds: [shirtsId, staff.id],
      tags: ['Cotton'],
    })
    expect(created.status).toBe(201)
    const shirt = await json<Product>(created)
    expect(shirt).toMatchObject({ tags: ['cotton'], categoryIds: [shirtsId, staff.id].sort() })

    // An image from the content module's media library; an unknown media id is refused.
    const form = new FormData()
    form.append('file', new Blob([png(4, 4)], { type: 'image/png' }), 'oxford.png')
    const upload = await server.app.request('/api/content/media', {
      method: 'POST',
      headers: {
        [server.services.config.tenancy.headerName]: server.acme.tenant.id,
        authorization: `Bearer ${token}`,
      },
      body: form,
    })
    expect(upload.status).toBe(201)
    const photo = await json<{ id: string }>(upload)
    const edited = await admin('PATCH', `/api/commerce/products/${shirt.id}`, {
      translations: [{ locale: 'de', title: 'Oxford-Hemd' }],
      images: [{ mediaId: photo.id, alt: 'Front' }, { url: 'https://cdn.example.com/back.jpg' }],
    })
    expect(edited.status, await edited.clone().text()).toBe(200)
    const editedShirt = await json<Product>(edited)
    expect(editedShirt.translations.map((t) => t.locale)).toEqual(['de', 'en'])
    expect(editedShirt.images.map((image) => image.mediaId ?? image.url)).toEqual([
      photo.id,
      'https://cdn.example.com/back.jpg',
    ])
    const globexToken = server.globex.admin.accessToken
    const foreignImage = await server.request('PATCH', `/api/commerce/products/${shirt.id}`, {
      token,
      body: { images: [{ mediaId: crypto.randomUUID() }] },
    })
    expect(foreignImage.status).toBe(400)
    expect((await json<Problem>(foreignImage)).errors).toEqual([
      { path: 'body.images.0.mediaId', message: 'is not a media item of this tenant' },
    ])

    // A variant added for the free combination, then a taken one refused.
    const medium = shirt.options[0]?.values[1]?.id ?? ''
    const added = await admin('POST', `/api/commerce/products/${shirt.id}/variants`, {
      valueIds: [medium],
      sku: 'OX-M',
    })
    expect(added.status).toBe(201)
    const withMedium = await json<Product>(added)
    const again = await admin('POST', `/api/commerce/products/${shirt.id}/variants`, {
      valueIds: [medium],
    })
    expect(again.status).toBe(409)
    const mediumVariant = withMedium.variants.find((v) => v.sku === 'OX-M')?.id ?? ''
    const renamed = await admin(
      'PATCH',
      `/api/commerce/products/${shirt.id}/variants/${mediumVariant}`,
      { sku: 'OX-M2' },
    )
    expect((await json<Product>(renamed)).variants.map((v) => v.sku)).toEqual(['OX-S', 'OX-M2'])

    // An option added later: the variants take its first value; a used value cannot go.
    const fit = await admin('POST', `/api/commerce/products/${shirt.id}/options`, {
      translations: [{ locale: 'en', name: 'Fit' }],
      values: [{ translations: [{ locale: 'en', label: 'Regular' }] }],
    })
    expect(fit.status).toBe(201)
    const fitted = await json<Product>(fit)
    const fitOption = fitted.options[1]
    expect(fitted.variants.every((v) => v.valueIds.includes(fitOption?.values[0]?.id ?? ''))).toBe(
      true,
    )
    const refused = await admin(
      'PATCH',
      `/api/commerce/products/${shirt.id}/options/${fitOption?.id ?? ''}`,
      { removeValueIds: [fitOption?.values[0]?.id ?? ''] },
    )
    expect(refused.status).toBe(409)
    expect((await json<Problem>(refused)).errors?.[0]?.path).toBe('body.removeValueIds.0')

    const collection = await admin('POST', '/api/commerce/collections', {
      translations: [{ locale: 'en', title: 'Autumn edit' }],
      productIds: [shirt.id],
    })
    expect(collection.status).toBe(201)
    const autumn = await json<Collection>(collection)
    expect((await admin('POST', `/api/commerce/products/${shirt.id}/publish`)).status).toBe(200)

    // The storefront: the public tree hides the internal category; the collection by handle;
    // the products filtered by the parent category (its subtree), the collection and the tag.
    const tree = await json<{ items: ProductCategoryNode[] }>(
      await store('/api/store/product-categories'),
    )
    expect(tree.items.map((c) => c.translation?.handle)).toEqual(['clothing', 'shirts'])
    const summary = await json<CollectionSummary>(await store('/api/store/collections/autumn-edit'))
    expect(summary).toMatchObject({ id: autumn.id, productCount: 1 })
    for (const filter of [`category=${clothing.id}`, `collection=${autumn.id}`, 'tag=cotton']) {
      const page = await json<{ items: StorefrontListItem[] }>(
        await store(`/api/store/products?${filter}`),
      )
      expect(
        page.items.map((item) => item.id),
        filter,
      ).toEqual([shirt.id])
      expect(page.items[0]?.thumbnail?.mediaId, filter).toBe(photo.id)
    }
    const none = await json<{ items: unknown[] }>(await store('/api/store/products?tag=wool'))
    expect(none.items).toEqual([])

    // Another tenant: 404 for every id; nothing of this tenant's on its storefront.
    for (const [method, path] of [
      ['GET', `/api/commerce/collections/${autumn.id}`],
      ['PATCH', `/api/commerce/collections/${autumn.id}`],
      ['DELETE', `/api/commerce/collections/${autumn.id}`],
      ['GET', `/api/commerce/product-categories/${clothing.id}`],
      ['PATCH', `/api/commerce/product-categories/${clothing.id}`],
      ['PATCH', `/api/commerce/products/${shirt.id}`],
      ['PATCH', `/api/commerce/products/${shirt.id}/variants/${mediumVariant}`],
      ['DELETE', `/api/commerce/products/${shirt.id}/variants/${mediumVariant}`],
    ] as const) {
      const response = await server.request(method, path, {
        tenant: server.globex.tenant,
        token: globexToken,
        ...(method === 'PATCH' ? { body: {} } : {}),
      })
      expect(response.status, `${method} ${path}`).toBe(404)
    }
    expect((await store('/api/store/collections/autumn-edit', server.globex.tenant)).status).toBe(
      404,
    )

    // Deleting: a parent with children is 409; the variant goes, the last one stays.
    expect((await admin('DELETE', `/api/commerce/product-categories/${clothing.id}`)).status).toBe(
      409,
    )
    const gone = await admin(
      'DELETE',
      `/api/commerce/products/${shirt.id}/variants/${mediumVariant}`,
    )
    expect((await json<Product>(gone)).variants.map((v) => v.sku)).toEqual(['OX-S'])
    const last = await admin(
      'DELETE',
      `/api/commerce/products/${shirt.id}/variants/${shirt.variants[0]?.id ?? ''}`,
    )
    expect(last.status).toBe(409)
    expect((await admin('DELETE', `/api/commerce/collections/${autumn.id}`)).status).toBe(204)
  })
})
