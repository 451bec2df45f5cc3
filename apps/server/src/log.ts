/** One JSON line per event on stdout (pino replaces this with the full server). */
export function log(
  level: 'info' | 'error',
  msg: string,
  fields: Record<string, unknown> = {},
): void {
  process.stdout.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields })}\n`,
  )
}
