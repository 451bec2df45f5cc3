import { describe, expect, it } from 'vitest'
import type { SettledSuccess } from './settle-delivery'
import { createSuccessBatcher } from './success-batcher'

const success = (id: string): SettledSuccess =>
  ({ delivery: { id }, at: new Date(0), record: {} }) as unknown as SettledSuccess

describe('success batcher', () => {
  it('settles the successes of one turn in one statement, and those arriving meanwhile in the next', async () => {
    const groups: string[][] = []
    let release: () => void = () => undefined
    const settle = createSuccessBatcher({
      maxGroup: 3,
      settle: async (successes) => {
        groups.push(successes.map((s) => s.delivery.id))
        if (groups.length === 1) await new Promise<void>((resolve) => (release = resolve))
      },
    })
    const first = ['a', 'b'].map((id) => settle(success(id)))
    await new Promise((resolve) => setImmediate(resolve))
    // The first statement is in flight: these wait for it, then go together (at most 3).
    const rest = ['c', 'd', 'e', 'f'].map((id) => settle(success(id)))
    expect(groups).toEqual([['a', 'b']])
    release()
    await Promise.all([...first, ...rest])
    expect(groups).toEqual([['a', 'b'], ['c', 'd', 'e'], ['f']])
  })

  it('rejects every success of a group whose statement failed, and goes on with the next', async () => {
    let calls = 0
    const settle = createSuccessBatcher({
      maxGroup: 10,
      settle: () => {
        calls += 1
        return calls === 1 ? Promise.reject(new Error('connection lost')) : Promise.resolve()
      },
    })
    const failed = [settle(success('a')), settle(success('b'))]
    for (const result of await Promise.allSettled(failed))
      expect(result).toMatchObject({ status: 'rejected', reason: { message: 'connection lost' } })
    await expect(settle(success('c'))).resolves.toBeUndefined()
  })
})
