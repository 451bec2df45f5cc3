import type { ComposedModule } from '@rustok/http'
import type { ModuleHealth } from '../../observability/health'
import { withTimeout } from '../../observability/with-timeout'

/** Options of {@link moduleHealth}. */
export interface ModuleHealthOptions {
  /** Longest wait for one module's check; a slower module counts as unhealthy. Default 2000. */
  readonly timeoutMs?: number
}

/**
 * Each module's health (P5), checked in parallel: a module without a `health` check is healthy;
 * one whose check throws or times out is unhealthy with the message. Every module listed is
 * mounted in this process (`enabled`); toggleable ones serve only the tenants that enabled them.
 */
export async function moduleHealth(
  modules: readonly ComposedModule[],
  options: ModuleHealthOptions = {},
): Promise<Record<string, ModuleHealth>> {
  const { timeoutMs = 2000 } = options
  const entries = await Promise.all(
    modules.map(async ({ module, setup }): Promise<[string, ModuleHealth]> => {
      const base = { enabled: true, toggleable: module.toggleable === true }
      const check = setup.health
      if (!check) return [module.name, { ...base, healthy: true }]
      try {
        const report = await withTimeout(check, timeoutMs)
        return [
          module.name,
          {
            ...base,
            healthy: report.healthy,
            ...(report.details ? { details: report.details } : {}),
          },
        ]
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        return [module.name, { ...base, healthy: false, error: message }]
      }
    }),
  )
  return Object.fromEntries(entries)
}
