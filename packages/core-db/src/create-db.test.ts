import { describe, expect, it } from 'vitest'
import { createDb, dbOptionsFrom } from './create-db'

describe('createDb', () => {
  it('rejects a url that is not a PostgreSQL url', async () => {
    await expect(
      createDb({ driver: 'postgres', url: 'mysql://localhost/db' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
  })

  it('rejects impossible pool settings before connecting', async () => {
    await expect(
      createDb({ driver: 'postgres', url: 'postgres://127.0.0.1:1/db', pool: { max: 0 } }),
    ).rejects.toThrow(/pool\.max/)
    await expect(
      createDb({
        driver: 'postgres',
        url: 'postgres://127.0.0.1:1/db',
        pool: { idleTimeoutMillis: -1 },
      }),
    ).rejects.toThrow(/pool\.idleTimeoutMillis/)
  })
})

describe('dbOptionsFrom', () => {
  it('chooses PostgreSQL when a url is given', () => {
    expect(dbOptionsFrom({ url: 'postgres://h/db', dataDir: '.data', pool: { max: 3 } })).toEqual({
      driver: 'postgres',
      url: 'postgres://h/db',
      pool: { max: 3 },
    })
  })

  it('falls back to PGlite in the data folder, or in memory', () => {
    expect(dbOptionsFrom({ url: '', dataDir: '.data/pglite' })).toEqual({
      driver: 'pglite',
      dataDir: '.data/pglite',
    })
    expect(dbOptionsFrom({})).toEqual({ driver: 'pglite' })
  })
})
