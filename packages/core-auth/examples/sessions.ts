// Registers a user, signs in, checks the access token and rotates the refresh token, on PGlite in
// memory. Events go to a writer that keeps them in memory; a service passes @rustok/outbox instead.
// Run it: npx tsx examples/sessions.ts
import {
  authMigrations,
  createAccessTokens,
  createPasswordHasher,
  createSessionService,
  createUserStore,
  type EventWriter,
} from '@rustok/core-auth'
import { createDb, createMigrator } from '@rustok/core-db'
import type { EventEnvelope } from '@rustok/core-events'

const db = await createDb<unknown>({ driver: 'pglite' })
await createMigrator({ db, modules: [authMigrations] }).up()

const written: EventEnvelope[] = []
const events: EventWriter = {
  publishInTx: async (_trx, envelopes) => void written.push(...envelopes),
}

const hasher = createPasswordHasher()
const users = createUserStore({ db, events, hasher })
// The closure is called only when a token is verified, after `sessions` exists.
const accessTokens = createAccessTokens({
  secret: process.env.JWT_SECRET ?? 'change-me-change-me-change-me-32b',
  isSessionActive: (sessionId, tenantId) => sessions.isSessionActive(sessionId, tenantId),
})
const sessions = createSessionService({ db, events, hasher, accessTokens })

const tenantId = crypto.randomUUID()
const account = { tenantId, email: 'ann@example.com', password: 'correct horse battery staple' }
const registered = await users.register(account)
if (!registered.ok) throw new Error(`register: ${registered.reason}`)

const login = await sessions.login({ ...account, ip: '203.0.113.7', userAgent: 'example' })
if (!login.ok) throw new Error(`login: ${login.reason}`) // a route answers 401, or 429 when THROTTLED
const verified = await accessTokens.verify(login.accessToken, { tenantId })
console.log('token valid:', verified.ok)

const next = await sessions.refresh({ tenantId, refreshToken: login.refreshToken })
const reused = await sessions.refresh({ tenantId, refreshToken: login.refreshToken })
console.log('refreshed:', next.ok, '; old token again:', reused.ok ? 'accepted' : reused.reason)
console.log('events:', written.map((e) => e.type).join(', '))
await db.destroy()
