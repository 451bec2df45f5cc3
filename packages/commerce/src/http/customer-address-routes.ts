import { AUTHENTICATED, defineRoute, type Route } from '@rustok/http'
import * as v from 'valibot'
import { AddressSchema, type CustomerAddressService } from '../index'
import { CustomerAddressSchema } from './cart-http-schemas'
import { withInputPaths } from './commerce-request'
import { IdParams } from './commerce-schemas'

const TAGS = ['commerce']
const PATH = '/api/store/customers/me/addresses'

/**
 * The signed-in customer's own address book (scope `own`: every call is the caller's; another
 * customer's address answers 404).
 */
export function customerAddressRoutes(addresses: CustomerAddressService): Route[] {
  const me = (c: { var: { tenantId: string; userId: string } }) => ({
    tenantId: c.var.tenantId,
    customerId: c.var.userId,
  })
  return [
    defineRoute({
      method: 'get',
      path: PATH,
      operationId: 'listMyAddresses',
      summary: "The signed-in customer's addresses",
      tags: TAGS,
      access: AUTHENTICATED,
      responses: {
        200: {
          description: 'Every address, oldest first',
          schema: v.object({ items: v.array(CustomerAddressSchema) }),
        },
      },
      handler: async (c) => c.json({ items: await addresses.list(me(c)) }),
    }),
    defineRoute({
      method: 'post',
      path: PATH,
      operationId: 'createMyAddress',
      summary: 'Save an address',
      tags: TAGS,
      access: AUTHENTICATED,
      request: { body: AddressSchema },
      responses: { 201: { description: 'The saved address', schema: CustomerAddressSchema } },
      handler: async (c, { body }) =>
        c.json(await withInputPaths('body', () => addresses.create(me(c), body)), 201),
    }),
    defineRoute({
      method: 'put',
      path: `${PATH}/:id`,
      operationId: 'replaceMyAddress',
      summary: 'Replace one of my addresses',
      tags: TAGS,
      access: AUTHENTICATED,
      request: { params: IdParams, body: AddressSchema },
      responses: { 200: { description: 'The address', schema: CustomerAddressSchema } },
      handler: async (c, { params, body }) =>
        c.json(
          await withInputPaths('body', () => addresses.update({ ...me(c), id: params.id }, body)),
        ),
    }),
    defineRoute({
      method: 'delete',
      path: `${PATH}/:id`,
      operationId: 'deleteMyAddress',
      summary: 'Remove one of my addresses',
      tags: TAGS,
      access: AUTHENTICATED,
      request: { params: IdParams },
      responses: { 204: { description: 'Removed' } },
      handler: async (c, { params }) => {
        await addresses.delete({ ...me(c), id: params.id })
        return c.body(null, 204)
      },
    }),
  ]
}
