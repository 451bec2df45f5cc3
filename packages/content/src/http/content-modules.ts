import { defineServerModule, type ServerModule } from '@rustok/http'
import { contentEvents } from '../index'

/**
 * The content module: nodes with translations and bodies, categories, tags, media metadata.
 * Tenants enable it; its services and routes come with the content issue, so for now it brings
 * its events to the catalogue and takes part in the module rules.
 */
export const contentModule: ServerModule<undefined, undefined> = defineServerModule({
  name: 'content',
  description: 'Nodes with translations and bodies, categories, tags, media metadata.',
  toggleable: true,
  events: contentEvents,
  errors: { errorNames: ['ContentError'] },
})

/** Posts over content nodes. */
export const blogModule: ServerModule<undefined, undefined> = defineServerModule({
  name: 'blog',
  description: 'Posts over content nodes.',
  toggleable: true,
  dependsOn: ['content'],
})

/** Categories, topics, replies and moderation over content nodes. */
export const forumModule: ServerModule<undefined, undefined> = defineServerModule({
  name: 'forum',
  description: 'Categories, topics, replies and moderation over content nodes.',
  toggleable: true,
  dependsOn: ['content'],
})

/** Pages, blocks and menus. */
export const pagesModule: ServerModule<undefined, undefined> = defineServerModule({
  name: 'pages',
  description: 'Pages, blocks and menus.',
  toggleable: true,
  dependsOn: ['content'],
})
