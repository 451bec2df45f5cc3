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

/** How long each measured round runs (BENCH_ROUND_MS, default 1.5 s). */
export const ROUND_MS: number = Number(process.env.BENCH_ROUND_MS ?? 1_500)

/**
 * The median ops/s of `a` and of `b` over `rounds` alternating rounds of {@link ROUND_MS} each,
 * after a short warm-up of both: the service-against-raw-SQL comparison of every domain bench.
 */
export async function compare(
  a: (i: number) => Promise<unknown>,
  b: (i: number) => Promise<unknown>,
  rounds = 3,
): Promise<{ readonly a: number; readonly b: number }> {
  await opsPerSecond(a, 300)
  await opsPerSecond(b, 300)
  return alternate(rounds, {
    a: () => opsPerSecond(a, ROUND_MS),
    b: () => opsPerSecond(b, ROUND_MS),
  })
}

/** Operations per second of `workers` concurrent loops of `op` for `ms`. */
export async function concurrentOps(
  op: (i: number) => Promise<unknown>,
  options: { readonly workers: number; readonly ms: number },
): Promise<number> {
  const start = performance.now()
  let done = 0
  await Promise.all(
    Array.from({ length: options.workers }, async () => {
      while (performance.now() - start < options.ms) await op(done++)
    }),
  )
  return (done * 1000) / (performance.now() - start)
}
