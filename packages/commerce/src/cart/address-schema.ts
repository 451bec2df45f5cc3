import * as v from 'valibot'
import type { StoredAddress } from './cart-tables'

const text = (max: number) =>
  v.pipe(
    v.string('must be a string'),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
  )

/** A postal address as given: names, lines, city, postal code, province, country, phone. */
export type AddressInput = StoredAddress

/** The schema of {@link AddressInput}: the country is an ISO 3166-1 alpha-2 code (uppercased). */
export const AddressSchema: v.GenericSchema<AddressInput, StoredAddress> = v.strictObject({
  firstName: text(100),
  lastName: text(100),
  company: v.optional(text(200)),
  line1: text(200),
  line2: v.optional(text(200)),
  city: text(100),
  postalCode: v.optional(text(20)),
  province: v.optional(text(100)),
  countryCode: v.pipe(
    v.string('must be a string'),
    v.trim(),
    v.toUpperCase(),
    v.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'),
  ),
  phone: v.optional(
    v.pipe(
      v.string('must be a string'),
      v.trim(),
      v.regex(/^\+?[0-9 ()-]{3,30}$/, 'must be a phone number'),
    ),
  ),
})
