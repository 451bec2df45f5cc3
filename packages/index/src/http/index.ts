// The index module for an app built with @rustok/http. Hono and @rustok/http are needed by this
// subpath only.
export { indexModule } from './index-module'
export type { IndexServices } from './index-module'
