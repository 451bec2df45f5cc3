import { commerceModule } from '@rustok/commerce/http'
import { blogModule, contentModule, forumModule, pagesModule } from '@rustok/content/http'
import { authModule, type AuthModuleOptions } from '@rustok/core-auth/http'
import { tenancyModule } from '@rustok/core-tenant/http'
import { checkModules, type AnyServerModule } from '@rustok/http'
import { indexModule } from '@rustok/index/http'
import { eventsModule } from '@rustok/outbox/http'
import { webhooksModule } from '@rustok/webhooks/http'
import { auditModule } from './audit/audit-module'
import { httpModule } from './http/http-module'
import { opsModule } from './ops/ops-module'

export { authModule, tenancyModule }

/**
 * Every module of the server, in migration and set-up order (a module after those it depends on).
 * Adding a module is one line here; everything else it brings (tables, events, routes, handlers,
 * error codes, audit rules, matrix fixtures) comes from its declaration.
 */
export function serverModules(options: AuthModuleOptions = {}): readonly AnyServerModule[] {
  return checkModules([
    eventsModule,
    tenancyModule,
    authModule(options),
    auditModule,
    httpModule,
    opsModule,
    contentModule,
    blogModule,
    forumModule,
    pagesModule,
    commerceModule,
    indexModule,
    webhooksModule,
  ])
}
