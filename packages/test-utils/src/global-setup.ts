// Vitest global setup for the `int` project: says which database the run uses, so a run that
// silently fell back to PGlite when PostgreSQL was meant is visible in the output.
export function setup(): void {
  const url = process.env.TEST_DATABASE_URL
  const where = url
    ? `PostgreSQL at ${new URL(url).host}`
    : 'PGlite (set TEST_DATABASE_URL to use PostgreSQL)'
  process.stdout.write(`[test-utils] database tests run on ${where}\n`)
}
