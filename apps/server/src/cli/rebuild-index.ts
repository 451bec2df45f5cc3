// Rebuild a tenant's search index from the command line, with a progress bar:
//   pnpm --filter @rustok/server rebuild-index -- --tenant acme [--entity content|products] [--batch 500] [--drift] [--repair]
// The rebuild writes a new generation beside the live one and switches at the end; killed, it
// resumes from its checkpoint when run again.
import { parseArgs } from 'node:util'
import { createDb, createMigrator, dbOptionsFrom } from '@rustok/core-db'
import { classifyIdentifier } from '@rustok/core-tenant'
import { tenancyModule } from '@rustok/core-tenant/http'
import { composeModules, eventCatalogOf, migrationsOf } from '@rustok/http'
import type { IndexEntity, RebuildStatus } from '@rustok/index'
import { indexModule } from '@rustok/index/http'
import { createOutbox } from '@rustok/outbox'
import { loadConfig } from '../config/load-config'
import { serverModules } from '../modules/server-modules'
import { progressLine } from './progress-line'

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    tenant: { type: 'string' },
    entity: { type: 'string' },
    batch: { type: 'string', default: '500' },
    drift: { type: 'boolean', default: false },
    repair: { type: 'boolean', default: false },
  },
})

async function main(): Promise<number> {
  if (!values.tenant) {
    process.stderr.write('usage: rebuild-index --tenant <slug|uuid> [--entity content|products]\n')
    return 2
  }
  const config = loadConfig({ argv: [] })
  const db = await createDb<unknown>(
    dbOptionsFrom({
      url: config.database.url,
      dataDir: config.database.dataDir,
      pool: config.database.pool,
    }),
  )
  try {
    const modules = serverModules()
    await createMigrator({ db, modules: migrationsOf(modules) }).up()
    const quiet = { info: () => {}, warn: () => {}, error: () => {} }
    const catalog = eventCatalogOf(modules)
    const composed = await composeModules(modules, {
      db,
      outbox: createOutbox({ catalog }),
      logger: quiet,
      catalog,
    })
    const identifier = classifyIdentifier(values.tenant)
    const tenant = identifier.ok
      ? await composed.services(tenancyModule).tenants.find(identifier)
      : undefined
    if (!tenant) {
      process.stderr.write(`no tenant ${values.tenant}\n`)
      return 1
    }
    const index = composed.services(indexModule)
    const entities: IndexEntity[] =
      values.entity === 'content' || values.entity === 'products'
        ? [values.entity]
        : ['content', 'products']
    for (const entity of entities) {
      if (values.drift) {
        const report = await index.drift({ tenantId: tenant.id, entity, repair: values.repair })
        process.stdout.write(
          `${entity}: ${report.checked} checked, ${report.missing.length} missing, ` +
            `${report.stale.length} stale, ${report.orphaned.length} orphaned` +
            `${report.repaired ? ', repaired' : ''}\n`,
        )
        continue
      }
      const started = Date.now()
      const draw = (status: RebuildStatus) =>
        process.stderr.write(`\r${progressLine(entity, status, Date.now() - started)}`)
      const status = await index.rebuild({
        tenantId: tenant.id,
        entity,
        batchSize: Number(values.batch),
        onProgress: draw,
      })
      process.stderr.write('\n')
      process.stdout.write(
        `${entity}: generation ${status.active} live, ${status.done} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      )
    }
    return 0
  } finally {
    await db.destroy()
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    process.exit(1)
  },
)
