import type { Kysely } from 'kysely'
import { resolveDeps, type ContentDeps, type ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import { parseInput } from '../internal/parse-input'
import { writeChange } from '../nodes/node-tx'
import type { ContentActor } from '../nodes/node-types'
import {
  MenuLocationSchema,
  SetMenuSchema,
  type MenuItemCommand,
  type MenuLocation,
  type SetMenuInput,
} from './menu-schemas'
import { menuDeleted, menuUpdated } from './pages-events'
import type { MenuItemsTable, PagesTables } from './pages-tables'

/** A menu item as editors see it: every label, its link, its children in order. */
export interface MenuItem {
  readonly labels: Readonly<Record<string, string>>
  readonly nodeId: string | null
  readonly url: string | null
  readonly children: readonly MenuItem[]
}

/** A menu of a location (admin view). */
export interface Menu {
  readonly id: string
  readonly location: MenuLocation
  readonly name: string
  readonly updatedAt: string
  readonly items: readonly MenuItem[]
}

/** A menu item as a reader gets it: the label in their locale and where it leads. */
export interface ResolvedMenuItem {
  readonly label: string
  /** The locale the label came from. */
  readonly locale: string
  /** For a URL item: the URL; for a node: null (use `node`). */
  readonly url: string | null
  /** For a node item: the node's kind and slug in the reader's locale. */
  readonly node: { readonly id: string; readonly kind: string; readonly slug: string } | null
  readonly children: readonly ResolvedMenuItem[]
}

/** One menu per location (header, footer, sidebar, mobile) per tenant. */
export interface MenuService {
  /** Creates or replaces the menu of a location, items and all, in one transaction. */
  set(
    scope: { readonly tenantId: string; readonly location: string },
    input: SetMenuInput,
    actor: ContentActor,
  ): Promise<Menu>
  get(scope: { readonly tenantId: string; readonly location: string }): Promise<Menu>
  delete(
    scope: { readonly tenantId: string; readonly location: string },
    actor: ContentActor,
  ): Promise<void>
  /**
   * The menu for a reader: labels through the fallback chain; node items lead to published,
   * live nodes only (an item whose node is not, and its children, are left out).
   */
  resolve(
    scope: { readonly tenantId: string; readonly location: string },
    locale: string,
  ): Promise<readonly ResolvedMenuItem[]>
}

type ItemRow = Pick<MenuItemsTable, 'id' | 'parent_id' | 'position' | 'node_id' | 'url'> & {
  labels: Record<string, string>
}

function tree<T>(rows: readonly ItemRow[], build: (row: ItemRow, children: T[]) => T | null): T[] {
  const byParent = new Map<string | null, ItemRow[]>()
  for (const row of rows) byParent.set(row.parent_id, [...(byParent.get(row.parent_id) ?? []), row])
  const visit = (parent: string | null): T[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.position - b.position)
      .flatMap((row) => {
        const built = build(row, visit(row.id))
        return built === null ? [] : [built]
      })
  return visit(null)
}

const notFound = (location: string): ContentError =>
  new ContentError('NOT_FOUND', `No ${location} menu`)

async function loadMenu(
  deps: ResolvedContentDeps,
  scope: { readonly tenantId: string; readonly location: MenuLocation },
): Promise<{ menu: Omit<Menu, 'items'>; rows: ItemRow[] }> {
  const db = deps.db as unknown as Kysely<PagesTables>
  const menu = await db
    .selectFrom('content_menus')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('location', '=', scope.location)
    .executeTakeFirst()
  if (!menu) throw notFound(scope.location)
  const rows = await db
    .selectFrom('content_menu_items')
    .select(['id', 'parent_id', 'position', 'node_id', 'url', 'labels'])
    .where('tenant_id', '=', scope.tenantId)
    .where('menu_id', '=', menu.id)
    .execute()
  return {
    menu: {
      id: menu.id,
      location: menu.location as MenuLocation,
      name: menu.name,
      updatedAt: menu.updated_at.toISOString(),
    },
    rows,
  }
}

/** The menu service over a database that has the content and pages tables. */
export function createMenuService(options: ContentDeps): MenuService {
  const deps = resolveDeps(options)
  const db = deps.db as unknown as Kysely<PagesTables>

  async function get(scope: {
    readonly tenantId: string
    readonly location: string
  }): Promise<Menu> {
    const location = parseInput(MenuLocationSchema, scope.location)
    const { menu, rows } = await loadMenu(deps, { tenantId: scope.tenantId, location })
    const items = tree<MenuItem>(rows, (row, children) => ({
      labels: row.labels,
      nodeId: row.node_id,
      url: row.url,
      children,
    }))
    return { ...menu, items }
  }

  return {
    async set(scope, rawInput, actor) {
      const location = parseInput(MenuLocationSchema, scope.location)
      const input = parseInput(SetMenuSchema, rawInput)
      const { tenantId } = scope
      const flat: {
        item: MenuItemCommand
        id: string
        parent: string | null
        position: number
        depth: number
        path: string
      }[] = []
      const walk = (
        items: MenuItemCommand[],
        at: { readonly parent: string | null; readonly depth: number; readonly path: string },
      ): void => {
        items.forEach((item, position) => {
          const id = deps.newId()
          const path = `${at.path}.${position}`
          flat.push({ item, id, parent: at.parent, position, depth: at.depth, path })
          walk(item.children ?? [], { parent: id, depth: at.depth + 1, path: `${path}.children` })
        })
      }
      walk(input.items, { parent: null, depth: 0, path: 'items' })
      const nodeIds = [...new Set(flat.flatMap(({ item }) => (item.nodeId ? [item.nodeId] : [])))]
      await writeChange(deps, { tenantId, actor }, async (rawTrx, events) => {
        const trx = rawTrx as unknown as Kysely<PagesTables>
        if (nodeIds.length > 0) {
          const found = await trx
            .selectFrom('content_nodes')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where('id', 'in', nodeIds)
            .execute()
          const known = new Set(found.map((row) => row.id))
          const missing = flat.find(({ item }) => item.nodeId && !known.has(item.nodeId))
          if (missing)
            throw new ContentError('INVALID_INPUT', 'A menu item links to an unknown node', {
              errors: [{ path: `${missing.path}.nodeId`, message: 'is not a node of this tenant' }],
            })
        }
        const menu = await trx
          .insertInto('content_menus')
          .values({
            id: deps.newId(),
            tenant_id: tenantId,
            location,
            name: input.name,
            updated_at: deps.now(),
          })
          .onConflict((oc) =>
            oc.constraint('content_menus_location_key').doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .returning('id')
          .executeTakeFirstOrThrow()
        await trx
          .deleteFrom('content_menu_items')
          .where('tenant_id', '=', tenantId)
          .where('menu_id', '=', menu.id)
          .execute()
        if (flat.length > 0)
          await trx
            .insertInto('content_menu_items')
            .values(
              flat.map(({ item, id, parent, position, depth }) => ({
                id,
                tenant_id: tenantId,
                menu_id: menu.id,
                parent_id: parent,
                position,
                depth,
                node_id: item.nodeId ?? null,
                url: item.url ?? null,
                labels: JSON.stringify(item.labels),
              })),
            )
            .execute()
        events.add(menuUpdated, { menuId: menu.id, location })
      })
      return get({ tenantId, location })
    },
    get,
    async delete(scope, actor) {
      const location = parseInput(MenuLocationSchema, scope.location)
      await writeChange(deps, { tenantId: scope.tenantId, actor }, async (rawTrx, events) => {
        const trx = rawTrx as unknown as Kysely<PagesTables>
        const removed = await trx
          .deleteFrom('content_menus')
          .where('tenant_id', '=', scope.tenantId)
          .where('location', '=', location)
          .returning('id')
          .executeTakeFirst()
        if (!removed) throw notFound(location)
        events.add(menuDeleted, { menuId: removed.id, location })
      })
    },
    async resolve(scope, locale) {
      const location = parseInput(MenuLocationSchema, scope.location)
      const { tenantId } = scope
      const { rows } = await loadMenu(deps, { tenantId, location })
      const candidates = await deps.locales(tenantId, locale)
      const nodeIds = [...new Set(rows.flatMap((row) => (row.node_id ? [row.node_id] : [])))]
      const slugs = nodeIds.length
        ? await db
            .selectFrom('content_nodes as n')
            .innerJoin('content_node_translations as t', (join) =>
              join.onRef('t.node_id', '=', 'n.id').onRef('t.tenant_id', '=', 'n.tenant_id'),
            )
            .select(['n.id', 'n.kind', 't.locale', 't.slug'])
            .where('n.tenant_id', '=', tenantId)
            .where('n.id', 'in', nodeIds)
            .where('n.status', '=', 'published')
            .where('n.deleted_at', 'is', null)
            .execute()
        : []
      const pick = <T>(byLocale: ReadonlyMap<string, T>): [string, T] | null => {
        for (const candidate of candidates) {
          const found = byLocale.get(candidate)
          if (found !== undefined) return [candidate, found]
        }
        const first = [...byLocale.entries()][0]
        return first ?? null
      }
      const slugsBy = new Map<string, Map<string, { kind: string; slug: string }>>()
      for (const row of slugs) {
        const own = slugsBy.get(row.id) ?? new Map<string, { kind: string; slug: string }>()
        own.set(row.locale, { kind: row.kind, slug: row.slug })
        slugsBy.set(row.id, own)
      }
      return tree<ResolvedMenuItem>(rows, (row, children) => {
        const label = pick(new Map(Object.entries(row.labels)))
        if (!label) return null
        if (row.node_id === null)
          return { label: label[1], locale: label[0], url: row.url, node: null, children }
        const target = pick(
          slugsBy.get(row.node_id) ?? new Map<string, { kind: string; slug: string }>(),
        )
        if (!target) return null
        const node = { id: row.node_id, kind: target[1].kind, slug: target[1].slug }
        return { label: label[1], locale: label[0], url: null, node, children }
      })
    },
  }
}
