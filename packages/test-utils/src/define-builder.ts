/** Builds a `T` from defaults, with any fields overridden. */
export type Builder<T> = (overrides?: Partial<T>) => T

/**
 * Defines a data builder: `defaults(n)` gets a per-builder sequence number (1, 2, …), so each
 * built value is distinct (unique e-mails, slugs) unless a test overrides the field.
 *
 * @example
 * ```ts
 * const aTenant = defineBuilder((n) => ({ slug: `tenant-${n}`, name: `Tenant ${n}`, active: true }))
 * aTenant({ active: false }) // { slug: 'tenant-1', name: 'Tenant 1', active: false }
 * ```
 */
export function defineBuilder<T extends object>(defaults: (sequence: number) => T): Builder<T> {
  let sequence = 0
  return (overrides) => {
    sequence += 1
    return { ...defaults(sequence), ...overrides }
  }
}
