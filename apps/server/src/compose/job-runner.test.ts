import { describe, expect, it } from 'vitest'
import { startJobs } from './job-runner'

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 2))
  if (!condition()) throw new Error('condition not met')
}

describe('startJobs', () => {
  it('runs a job again after each interval, never overlapping itself, and stops cleanly', async () => {
    let runs = 0
    let active = 0
    let maxActive = 0
    const runner = startJobs(
      [
        {
          name: 'count',
          intervalMs: 1,
          run: async () => {
            active += 1
            maxActive = Math.max(maxActive, active)
            await new Promise((r) => setTimeout(r, 5))
            runs += 1
            active -= 1
          },
        },
      ],
      { warn: () => undefined },
    )
    await waitFor(() => runs >= 3)
    await runner.stop()
    const after = runs
    await new Promise((r) => setTimeout(r, 20))
    expect(runs).toBe(after)
    expect(active).toBe(0)
    expect(maxActive).toBe(1)
  })

  it('logs a failed run and keeps the job scheduled', async () => {
    const warned: unknown[] = []
    let runs = 0
    const runner = startJobs(
      [
        {
          name: 'flaky',
          intervalMs: 1,
          run: () => {
            runs += 1
            return Promise.reject(new Error('boom'))
          },
        },
      ],
      { warn: (fields) => warned.push(fields) },
    )
    await waitFor(() => runs >= 2)
    await runner.stop()
    expect(warned[0]).toEqual({ job: 'flaky', error: 'Error: boom' })
  })
})
