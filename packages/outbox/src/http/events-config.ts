import * as v from 'valibot'

/** The events module's settings (`config.events` of an app): its clean-up job. */
export interface EventsConfig {
  readonly maintenance: {
    /** Pause between runs of the clean-up job (worker role). Default 60 s. */
    readonly intervalMs: number
    /** How long delivered events and handlers' inbox receipts are kept. Default 7 days. */
    readonly retentionMs: number
  }
}

/** What {@link EventsConfigSchema} accepts: any subset of the settings. */
export interface EventsConfigInput {
  readonly maintenance?: Partial<EventsConfig['maintenance']>
}

const integer = (min: number, max: number) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max))

/** Validates the events module's settings and fills the defaults. */
export const EventsConfigSchema: v.GenericSchema<EventsConfigInput | undefined, EventsConfig> =
  v.optional(
    v.object({
      maintenance: v.optional(
        v.object({
          intervalMs: v.optional(integer(1_000, 86_400_000), 60_000),
          retentionMs: v.optional(integer(0, 31_536_000_000), 7 * 86_400_000),
        }),
        {},
      ),
    }),
    {},
  )
