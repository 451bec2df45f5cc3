import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentTestDb, type ContentTestDb } from '../testing/content-test-db.test-helper'

/**
 * The database itself refuses a link between two tenants' rows: every reference is a composite
 * foreign key on (tenant_id, …), so even a raw insert that bypasses the service fails.
 */
describe('composite foreign keys', () => {
  let t: ContentTestDb
  beforeAll(async () => {
    t = await contentTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  const node = async (tenantId: string) => {
    const created = await t
      .nodes()
      .create(
        tenantId,
        { kind: 'page', translations: [{ locale: 'en', title: `P ${randomUUID()}` }] },
        { userId: null, scope: 'all' },
      )
    return created.id
  }
  const category = async (tenantId: string) => {
    const id = randomUUID()
    await sql`insert into content_categories (id, tenant_id) values (${id}, ${tenantId})`.execute(
      t.db,
    )
    return id
  }
  const refused = async (statement: Promise<unknown>) => {
    const error = await statement.then(
      () => undefined,
      (caught: unknown) => caught as { code?: string },
    )
    return error?.code
  }

  it("refuses a parent of another tenant, and accepts one of the node's own", async () => {
    const [a, b] = [randomUUID(), randomUUID()]
    const foreignParent = await node(b)
    const ownParent = await node(a)
    const insert = (parentId: string) =>
      sql`insert into content_nodes (id, tenant_id, kind, parent_id, metadata)
          values (${randomUUID()}, ${a}, 'page', ${parentId}, '{}')`.execute(t.db)
    expect(await refused(insert(foreignParent))).toBe('23503')
    expect(await refused(insert(ownParent))).toBeUndefined()
  })

  it('refuses a category of another tenant on a node', async () => {
    const [a, b] = [randomUUID(), randomUUID()]
    const id = await node(a)
    const update = (categoryId: string) =>
      sql`update content_nodes set category_id = ${categoryId} where id = ${id}`.execute(t.db)
    expect(await refused(update(await category(b)))).toBe('23503')
    expect(await refused(update(await category(a)))).toBeUndefined()
  })

  it('refuses a translation, body or revision filed under another tenant', async () => {
    const [a, b] = [randomUUID(), randomUUID()]
    const id = await node(a)
    expect(
      await refused(
        sql`insert into content_node_translations (tenant_id, node_id, kind, locale, title, slug)
            values (${b}, ${id}, 'page', 'de', 'x', 'x')`.execute(t.db),
      ),
    ).toBe('23503')
    expect(
      await refused(
        sql`insert into content_bodies (tenant_id, node_id, locale, format, body)
            values (${b}, ${id}, 'de', 'plain', 'x')`.execute(t.db),
      ),
    ).toBe('23503')
  })

  it("refuses a translation whose kind is not its node's (slugs are unique per kind)", async () => {
    const a = randomUUID()
    const id = await node(a)
    expect(
      await refused(
        sql`insert into content_node_translations (tenant_id, node_id, kind, locale, title, slug)
            values (${a}, ${id}, 'post', 'de', 'x', 'x')`.execute(t.db),
      ),
    ).toBe('23503')
  })
})
