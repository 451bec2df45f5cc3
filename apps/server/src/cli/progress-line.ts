import type { RebuildStatus } from '@rustok/index'

/** One line of a rebuild's progress: a bar, done / total, rate and time left. */
export function progressLine(label: string, status: RebuildStatus, elapsedMs: number): string {
  const total = Math.max(status.total, status.done, 1)
  const ratio = status.building === null ? 1 : Math.min(status.done / total, 1)
  const width = 30
  const filled = Math.round(ratio * width)
  const rate = elapsedMs > 0 ? (status.done / elapsedMs) * 1000 : 0
  const left = rate > 0 ? Math.max(0, (total - status.done) / rate) : 0
  return (
    `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ` +
    `${(ratio * 100).toFixed(0).padStart(3)}% ${status.done}/${total} ` +
    `${rate.toFixed(0)}/s ETA ${left.toFixed(0)} s`
  )
}
