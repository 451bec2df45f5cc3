import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  RESERVED_SLUGS,
  classifyIdentifier,
  isMachineHost,
  validateHost,
  validateSlug,
  validateUuid,
} from './tenant-identifier'

const slugChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'.split(''))
const alnum = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''))
const validSlug = fc
  .tuple(alnum, fc.array(slugChars, { maxLength: 62 }))
  .map(([head, tail]) => head + tail.join(''))
  .filter((slug) => !RESERVED_SLUGS.has(slug))
const label = fc
  .tuple(alnum, fc.array(slugChars, { maxLength: 20 }), alnum)
  .map(([a, mid, b]) => a + mid.join('') + b)
const validHost = fc
  .array(label, { minLength: 2, maxLength: 4 })
  .map((labels) => labels.join('.'))
  .filter((host) => !isMachineHost(host))

describe('validateSlug', () => {
  it('has exactly the 41 reserved slugs of the original, and rejects each in any case', () => {
    expect(RESERVED_SLUGS.size).toBe(41)
    for (const slug of RESERVED_SLUGS) {
      expect(validateSlug(` ${slug.toUpperCase()} `)).toEqual({
        ok: false,
        reason: 'RESERVED',
        message: `Identifier '${slug}' is reserved and cannot be used`,
      })
    }
  })

  it('round-trips valid slugs, also padded and upper-cased', () => {
    fc.assert(
      fc.property(validSlug, (slug) => {
        expect(validateSlug(slug)).toEqual({ ok: true, kind: 'slug', value: slug })
        expect(validateSlug(`  ${slug.toUpperCase()}\t`)).toEqual({
          ok: true,
          kind: 'slug',
          value: slug,
        })
      }),
    )
  })

  it('gives the original messages', () => {
    expect(validateSlug('   ')).toMatchObject({
      reason: 'EMPTY',
      message: 'Identifier cannot be empty',
    })
    expect(validateSlug('a'.repeat(65))).toMatchObject({
      reason: 'TOO_LONG',
      message: 'Identifier is too long (max 64 characters)',
    })
    // 64 characters passes the byte limit but not the 63-character pattern, as in the original.
    expect(validateSlug('a'.repeat(64))).toMatchObject({ reason: 'INVALID_CHARACTERS' })
    expect(validateSlug('a'.repeat(63))).toMatchObject({ ok: true })
    for (const bad of ['-acme', 'ac_me', 'ac.me', 'acmé', 'ac me']) {
      expect(validateSlug(bad)).toMatchObject({
        reason: 'INVALID_CHARACTERS',
        message:
          'Identifier contains invalid characters (only lowercase alphanumeric and hyphens allowed)',
      })
    }
  })
})

describe('validateUuid and validateHost', () => {
  it('normalises uuids and rejects malformed ones', () => {
    fc.assert(
      fc.property(fc.uuid(), (uuid) => {
        expect(validateUuid(uuid.toUpperCase())).toEqual({ ok: true, kind: 'uuid', value: uuid })
      }),
    )
    expect(validateUuid('not-a-uuid')).toMatchObject({
      reason: 'INVALID_UUID',
      message: 'Invalid UUID format',
    })
  })

  it('accepts valid hosts and rejects bad labels and long names', () => {
    fc.assert(
      fc.property(validHost, (host) => {
        expect(validateHost(host.toUpperCase())).toEqual({ ok: true, kind: 'host', value: host })
      }),
    )
    for (const bad of ['a..b', '-a.b', 'a-.b', 'a_b.c', `${'a'.repeat(64)}.com`, '.a', 'a.']) {
      expect(validateHost(bad)).toMatchObject({
        reason: 'INVALID_HOSTNAME',
        message: 'Invalid hostname format',
      })
    }
    expect(validateHost(`${'a.'.repeat(127)}ab`)).toMatchObject({ reason: 'HOSTNAME_TOO_LONG' })
  })

  it('never takes an IP address or localhost as a tenant host', () => {
    for (const machine of ['127.0.0.1', '10.1.2.3', 'LOCALHOST', 'localhost.', '::1', '[::1]']) {
      expect(isMachineHost(machine)).toBe(true)
      expect(validateHost(machine)).toMatchObject({ ok: false })
    }
    expect(validateHost('127.0.0.1')).toEqual({
      ok: false,
      reason: 'NOT_A_TENANT_HOST',
      message: 'An IP address or localhost cannot name a tenant',
    })
    for (const site of [
      'acme.localhost',
      'localhost.acme.test',
      '1.2.3.example',
      '127.0.0.1.nip.io',
    ]) {
      expect(isMachineHost(site)).toBe(false)
      expect(validateHost(site)).toMatchObject({ ok: true })
    }
  })
})

describe('classifyIdentifier', () => {
  it('classifies by the uuid pattern, then a dot, else slug', () => {
    expect(classifyIdentifier(' 6F9619FF-8B86-D011-B42D-00C04FC964FF ')).toMatchObject({
      kind: 'uuid',
      value: '6f9619ff-8b86-d011-b42d-00c04fc964ff',
    })
    expect(classifyIdentifier('Shop.Example.com')).toMatchObject({
      kind: 'host',
      value: 'shop.example.com',
    })
    expect(classifyIdentifier('Acme')).toMatchObject({ kind: 'slug', value: 'acme' })
    expect(classifyIdentifier('api')).toMatchObject({ ok: false, reason: 'RESERVED' })
  })

  it('never throws, and normalisation is idempotent', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), validSlug, validHost),
        (raw) => {
          const first = classifyIdentifier(raw)
          if (!first.ok) {
            expect(typeof first.message).toBe('string')
            return
          }
          expect(classifyIdentifier(first.value)).toEqual(first)
        },
      ),
      { numRuns: 500 },
    )
  })
})
