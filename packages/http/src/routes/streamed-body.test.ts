import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { createOpenApiDocument } from '../openapi/openapi-document'
import { defineRoute, requires } from './route-definition'

const upload = {
  method: 'post',
  path: '/api/files',
  operationId: 'uploadFile',
  summary: 'Upload',
  tags: ['files'],
  access: requires('files:create'),
  responses: { 201: { description: 'Stored' } },
  handler: () => new Response(null, { status: 201 }),
} as const

describe('a streamed request body', () => {
  it('is documented with its own media type and form fields', () => {
    const route = defineRoute({
      ...upload,
      streamedBody: {
        contentType: 'multipart/form-data',
        maxBytes: 1000,
        description: 'The file',
        schema: v.object({ file: v.pipe(v.string(), v.metadata({ format: 'binary' })) }),
      },
    })
    expect(route.streamedBody?.maxBytes).toBe(1000)
    const doc = createOpenApiDocument({
      routes: [route],
      info: { title: 'API', version: '1' },
      tenantHeader: { name: 'x-tenant', required: true },
      tags: [{ name: 'files', description: 'Files' }],
    })
    expect(doc.paths['/api/files']?.post?.requestBody).toEqual({
      required: true,
      description: 'The file',
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            properties: { file: { type: 'string', format: 'binary' } },
            required: ['file'],
          },
        },
      },
    })
  })

  it('cannot be declared beside a JSON body schema', () => {
    expect(() =>
      defineRoute({
        ...upload,
        request: { body: v.object({}) },
        streamedBody: { contentType: 'multipart/form-data', maxBytes: 1 },
      }),
    ).toThrow(/exclude each other/)
  })
})
