import { defineEvent, nonNilUuid, type EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'
import { MENU_LOCATIONS } from './pages-migration'

/** Payload of every `menu.*` event. */
export interface MenuPayload {
  /** The menu concerned. */
  readonly menuId: string
  /** Where it shows. */
  readonly location: string
}

const MenuPayloadSchema = v.object({ menuId: nonNilUuid(), location: v.picklist(MENU_LOCATIONS) })

/** A menu was set (created or its items replaced). Aggregate: `menu` / `menuId`. */
export const menuUpdated: EventDefinition<'menu.updated', MenuPayload> = defineEvent({
  type: 'menu.updated',
  version: 1,
  description: 'A menu was set: created, or its name and items replaced.',
  aggregateType: 'menu',
  schema: MenuPayloadSchema,
  aggregateId: (payload) => payload.menuId,
})

/** A menu was deleted. Aggregate: `menu` / `menuId`. */
export const menuDeleted: EventDefinition<'menu.deleted', MenuPayload> = defineEvent({
  type: 'menu.deleted',
  version: 1,
  description: 'A menu was deleted.',
  aggregateType: 'menu',
  schema: MenuPayloadSchema,
  aggregateId: (payload) => payload.menuId,
})

/** Any one of the pages module's own event definitions (block changes are `node.updated`). */
export type PagesEventDefinition = typeof menuUpdated | typeof menuDeleted

/** The pages module's own events. */
export const pagesEvents: readonly PagesEventDefinition[] = [menuUpdated, menuDeleted]
