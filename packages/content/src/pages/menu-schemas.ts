import * as v from 'valibot'
import { LocaleSchema } from '../internal/parse-input'
import { MAX_MENU_DEPTH, MENU_LOCATIONS } from './pages-migration'

/** One of {@link MENU_LOCATIONS}. */
export type MenuLocation = (typeof MENU_LOCATIONS)[number]

/** A menu item: a label per locale, a link to a node (a page or any other) or a URL. */
export interface MenuItemInput {
  readonly labels: Readonly<Record<string, string>>
  readonly nodeId?: string
  readonly url?: string
  readonly children?: readonly MenuItemInput[]
}

/** Input of `menus.set`: the whole menu of a location, replaced in one transaction. */
export interface SetMenuInput {
  readonly name: string
  readonly items: readonly MenuItemInput[]
}

/** {@link MenuItemInput} after validation. */
export interface MenuItemCommand {
  labels: Record<string, string>
  nodeId?: string
  url?: string
  children?: MenuItemCommand[]
}

/** The most items one menu holds, at every level together. */
export const MAX_MENU_ITEMS = 200

const Label = v.pipe(v.string('must be a string'), v.trim(), v.minLength(1), v.maxLength(100))
const Item: v.GenericSchema<MenuItemInput, MenuItemCommand> = v.pipe(
  v.strictObject({
    labels: v.pipe(
      v.record(LocaleSchema, Label, 'must be an object of labels by locale'),
      v.check((labels) => Object.keys(labels).length > 0, 'must have at least one label'),
    ),
    nodeId: v.optional(v.pipe(v.string(), v.uuid('must be a UUID'))),
    url: v.optional(
      v.pipe(
        v.string('must be a string'),
        v.maxLength(2000),
        v.regex(/^(https?:\/\/|\/)/, 'must be an http(s) URL or a path'),
      ),
    ),
    children: v.optional(
      v.array(
        v.lazy(() => Item),
        'must be a list',
      ),
    ),
  }),
  v.check(
    (item) => (item.nodeId === undefined) !== (item.url === undefined),
    'must link to a node (nodeId) or a URL (url), one of them',
  ),
)

/** The depth of the deepest item (0 for a flat list) and the count of items. */
function measure(items: readonly MenuItemInput[], depth = 0): { depth: number; count: number } {
  let deepest = items.length > 0 ? depth : depth - 1
  let count = items.length
  for (const item of items) {
    const inner = measure(item.children ?? [], depth + 1)
    deepest = Math.max(deepest, inner.depth)
    count += inner.count
  }
  return { depth: deepest, count }
}

/** The schema of {@link SetMenuInput}. */
export const SetMenuSchema: v.GenericSchema<
  SetMenuInput,
  { name: string; items: MenuItemCommand[] }
> = v.pipe(
  v.object({
    name: Label,
    items: v.array(Item, 'must be a list'),
  }),
  v.forward(
    v.check(
      (input) => measure(input.items).depth <= MAX_MENU_DEPTH,
      `must nest at most ${MAX_MENU_DEPTH + 1} levels`,
    ),
    ['items'],
  ),
  v.forward(
    v.check(
      (input) => measure(input.items).count <= MAX_MENU_ITEMS,
      `must have at most ${MAX_MENU_ITEMS} items`,
    ),
    ['items'],
  ),
)

/** A location name, checked. */
export const MenuLocationSchema: v.GenericSchema<string, MenuLocation> = v.picklist(
  MENU_LOCATIONS,
  `must be one of ${MENU_LOCATIONS.join(', ')}`,
)
