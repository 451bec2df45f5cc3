import { describe, expect, it } from 'vitest'
import { searchConfig } from '../search-config'
import { pickText, plainText } from './pick-text'

describe('texts of a document', () => {
  it('follows the fallback chain, then takes any translation', () => {
    const items = [{ locale: 'de' }, { locale: 'en' }]
    expect(pickText(items, ['ru', 'en'])).toEqual({ locale: 'en' })
    expect(pickText(items, ['ru'])).toEqual({ locale: 'de' })
    expect(pickText([], ['en'])).toBeUndefined()
  })

  it('indexes a body as plain text', () => {
    expect(plainText('<p>Hello <b>world</b>&nbsp;!</p>\n# Title *bold* [link](x)')).toBe(
      'Hello world Title bold link x',
    )
  })

  it('picks the text-search configuration by the locale language, simple otherwise', () => {
    expect(searchConfig('ru')).toBe('russian')
    expect(searchConfig('en-GB')).toBe('english')
    expect(searchConfig('de-AT')).toBe('german')
    expect(searchConfig('ja')).toBe('simple')
    expect(searchConfig('')).toBe('simple')
  })
})
