import { expect, it } from 'vitest'
import { progressLine } from './progress-line'

it('draws done / total, rate and time left', () => {
  const status = {
    tenantId: 't',
    entity: 'products' as const,
    active: 0,
    building: 1,
    done: 250,
    total: 1000,
    checkpoint: null,
    startedAt: null,
    finishedAt: null,
  }
  expect(progressLine('products', status, 500)).toBe(
    'products [########----------------------]  25% 250/1000 500/s ETA 2 s',
  )
  expect(progressLine('products', { ...status, building: null, done: 1000 }, 1000)).toContain(
    '100%',
  )
})
