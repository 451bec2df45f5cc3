import { commerceEvents } from '@rustok/commerce'
import { contentEvents } from '@rustok/content'
import type { ServerModule } from './server-module'

/**
 * The domain modules a tenant enables. Their services and routes come with their own issues; they
 * are registered now so that tenants can enable them, their events are in the catalogue, and the
 * module guard and dependency rules apply from the start.
 */
export const domainModules: readonly ServerModule[] = [
  {
    name: 'content',
    description: 'Nodes with translations and bodies, categories, tags, media metadata.',
    toggleable: true,
    events: contentEvents,
  },
  {
    name: 'blog',
    description: 'Posts over content nodes.',
    toggleable: true,
    dependsOn: ['content'],
  },
  {
    name: 'forum',
    description: 'Categories, topics, replies and moderation over content nodes.',
    toggleable: true,
    dependsOn: ['content'],
  },
  {
    name: 'pages',
    description: 'Pages, blocks and menus.',
    toggleable: true,
    dependsOn: ['content'],
  },
  {
    name: 'commerce',
    description: 'Products, variants, prices, inventory, carts and orders.',
    toggleable: true,
    events: commerceEvents,
  },
  { name: 'index', description: 'Read models and search.', toggleable: true },
]
