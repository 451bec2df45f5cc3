import * as v from 'valibot'

const Details = v.record(v.string(), v.unknown())

export const LivenessSchema = v.object({ status: v.literal('ok') })

export const ReadinessSchema = v.object({
  status: v.pipe(
    v.picklist(['ok', 'degraded', 'down']),
    v.description('`down` when a critical check fails (503), `degraded` when another one does.'),
  ),
  checks: v.array(
    v.object({
      name: v.string(),
      critical: v.boolean(),
      status: v.picklist(['pass', 'fail']),
      durationMs: v.number(),
      error: v.optional(v.string()),
    }),
  ),
})

export const ModulesHealthSchema = v.object({
  status: v.picklist(['ok', 'degraded', 'down']),
  modules: v.optional(
    v.record(
      v.string(),
      v.object({
        enabled: v.boolean(),
        toggleable: v.optional(v.boolean()),
        healthy: v.boolean(),
        error: v.optional(v.string()),
        details: v.optional(Details),
      }),
    ),
  ),
  error: v.optional(v.string()),
})
