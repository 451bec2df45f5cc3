/**
 * Returns a generator of predictable, valid UUIDs (version 7 layout, so they sort in creation
 * order like the real ids): `…-000000000001`, `…-000000000002`, … Pass it wherever a factory
 * takes `newId`. `namespace` (0–65535) keeps several generators apart.
 *
 * @example
 * ```ts
 * const newId = sequentialIds()
 * newId() // '00000000-0000-7000-8000-000000000001'
 * ```
 */
export function sequentialIds(namespace = 0): () => string {
  if (!Number.isInteger(namespace) || namespace < 0 || namespace > 0xffff) {
    throw new RangeError(`namespace must be an integer in 0..65535, got ${namespace}`)
  }
  const prefix = `00000000-${namespace.toString(16).padStart(4, '0')}-7000-8000-`
  let next = 0
  return () => {
    next += 1
    return prefix + next.toString(16).padStart(12, '0')
  }
}
