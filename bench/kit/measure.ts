import { median } from '../http/load'

/** Operations per second of `op` run back to back for `ms`. */
export async function opsPerSecond(
  op: (i: number) => Promise<unknown>,
  ms: number,
): Promise<number> {
  const start = performance.now()
  let done = 0
  while (performance.now() - start < ms) await op(done++)
  return (done * 1000) / (performance.now() - start)
}

/** Operations per second of `count` runs of `op`, back to back (for ops that use up an input). */
export async function timedCount(
  op: (i: number) => Promise<unknown>,
  count: number,
): Promise<number> {
  const start = performance.now()
  for (let i = 0; i < count; i++) await op(i)
  return (count * 1000) / (performance.now() - start)
}

/**
 * The median of `rounds` measurements of `a` and of `b`, taken in alternating rounds so drift
 * (a noisy neighbour, a cache warming) hits both alike.
 */
export async function alternate(
  rounds: number,
  measure: { readonly a: () => Promise<number>; readonly b: () => Promise<number> },
): Promise<{ readonly a: number; readonly b: number }> {
  const as: number[] = []
  const bs: number[] = []
  for (let round = 0; round < rounds; round++) {
    as.push(await measure.a())
    bs.push(await measure.b())
  }
  return { a: median(as), b: median(bs) }
}

/** A whole number with thousands separators. */
export const fmt = (n: number): string => n.toLocaleString('en', { maximumFractionDigits: 0 })
