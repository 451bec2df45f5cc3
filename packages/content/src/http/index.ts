// The content modules for an app built with @rustok/http. Hono and @rustok/http are needed by
// this subpath only.
export { blogModule } from './blog-module'
export type { BlogServices } from './blog-module'
export { contentModule } from './content-modules'
export { forumModule } from './forum-module'
export type { ForumServices } from './forum-module'
export { pagesModule } from './pages-module'
export type { PagesServices } from './pages-module'
