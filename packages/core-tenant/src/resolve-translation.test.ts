import { describe, expect, it } from 'vitest'
import { normaliseLocale } from './locale-code'
import { resolveTranslation, translationCandidates } from './resolve-translation'

const chain = {
  defaultLocale: 'en',
  fallbacks: new Map<string, string | null>([
    ['pt-BR', 'pt'],
    ['pt', 'es'],
    ['es', null],
  ]),
}

describe('resolveTranslation', () => {
  it('prefers the requested locale, then its chain, then the default, then any', () => {
    const all = new Map([
      ['pt-BR', 'Olá!'],
      ['pt', 'Olá'],
      ['es', 'Hola'],
      ['en', 'Hello'],
    ])
    expect(resolveTranslation(all, 'pt-br', chain)).toEqual({
      locale: 'pt-BR',
      value: 'Olá!',
      match: 'exact',
    })
    all.delete('pt-BR')
    expect(resolveTranslation(all, 'pt-BR', chain)).toEqual({
      locale: 'pt',
      value: 'Olá',
      match: 'fallback',
    })
    all.delete('pt')
    expect(resolveTranslation(all, 'pt-BR', chain)).toMatchObject({
      locale: 'es',
      match: 'fallback',
    })
    all.delete('es')
    expect(resolveTranslation(all, 'pt-BR', chain)).toMatchObject({
      locale: 'en',
      match: 'default',
    })
    expect(resolveTranslation(new Map([['fr', 'Salut']]), 'pt-BR', chain)).toMatchObject({
      locale: 'fr',
      match: 'any',
    })
    expect(resolveTranslation(new Map(), 'pt-BR', chain)).toBeUndefined()
  })

  it('tries the bare language of a regional locale without a chain', () => {
    const titles = new Map([
      ['en', 'Hello'],
      ['de', 'Hallo'],
    ])
    expect(
      resolveTranslation(titles, 'de-AT', { fallbacks: new Map(), defaultLocale: 'en' }),
    ).toEqual({
      locale: 'de',
      value: 'Hallo',
      match: 'fallback',
    })
  })

  it('stops at a cycle and goes on to the default', () => {
    const cyclic = {
      defaultLocale: 'en',
      fallbacks: new Map<string, string | null>([
        ['a1', 'b1'],
        ['b1', 'a1'],
      ]),
    }
    expect(translationCandidates('a1', cyclic)).toEqual(['en'])
    const loop = {
      defaultLocale: 'en',
      fallbacks: new Map<string, string | null>([
        ['de', 'fr'],
        ['fr', 'de'],
      ]),
    }
    expect(translationCandidates('de', loop)).toEqual(['de', 'fr', 'en'])
    expect(resolveTranslation(new Map([['en', 1]]), 'de', loop)).toMatchObject({ match: 'default' })
  })

  it('starts at the default for an invalid requested locale', () => {
    expect(translationCandidates('not a locale', chain)).toEqual(['en'])
  })
})

describe('normaliseLocale', () => {
  it('canonicalises case and rejects non-locales', () => {
    expect(normaliseLocale(' EN-us ')).toBe('en-US')
    expect(normaliseLocale('zh-hant-tw')).toBe('zh-Hant-TW')
    expect(normaliseLocale('es-419')).toBe('es-419')
    expect(normaliseLocale('english')).toBeUndefined()
    expect(normaliseLocale('')).toBeUndefined()
  })
})
