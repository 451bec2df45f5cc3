import { Readable } from 'node:stream'
import { Busboy, type BusboyEvents } from '@fastify/busboy'
import { ContentError } from '../index'

/** The file part of an upload form, as it starts to arrive. */
export interface UploadFile {
  readonly stream: Readable
  readonly filename: string
  /** The client's claimed type (never trusted: the bytes decide). */
  readonly mimeType: string
}

/** A multipart upload being read: the file as it starts, the text fields once all is read. */
export interface UploadForm {
  readonly file: Promise<UploadFile>
  /** Every text field, once the whole body has been read (a field may follow the file). */
  readonly fields: Promise<Readonly<Record<string, string>>>
  /** Reads the rest of the body to nowhere, after a failure, so the request can finish. */
  drain(): void
}

const FIELD_MAX_BYTES = 8192

/** A promise with its settle functions (Node 20 has no `Promise.withResolvers`). */
function deferred<T>(): {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (error: unknown) => void
} {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok
    reject = fail
  })
  // Each is awaited by one side only; neither may become an unhandled rejection.
  promise.catch(() => undefined)
  return { promise, resolve, reject }
}

const invalid = (path: string, message: string): ContentError =>
  new ContentError('INVALID_INPUT', `Invalid upload: ${path}: ${message}`, {
    errors: [{ path, message }],
  })

/**
 * Reads a `multipart/form-data` request as a stream: the part named `file` is handed on while it
 * arrives, never buffered whole. At most one file of `fileBytes` (a longer one is cut off there,
 * so the service's own count refuses it), a few short text fields, and nothing else.
 */
export function readUploadForm(
  request: Request,
  limits: { readonly fileBytes: number },
): UploadForm {
  const contentType = request.headers.get('content-type') ?? ''
  if (!/^multipart\/form-data\b/i.test(contentType) || request.body === null)
    throw new ContentError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data', {
      errors: [{ path: 'body', message: 'must be multipart/form-data with a `file` part' }],
    })
  let parser: ReturnType<typeof Busboy>
  try {
    parser = Busboy({
      headers: { 'content-type': contentType },
      limits: {
        files: 1,
        fileSize: limits.fileBytes,
        fields: 8,
        fieldSize: FIELD_MAX_BYTES,
        parts: 10,
        fieldNameSize: 100,
      },
    })
  } catch {
    throw invalid('body', 'is not a readable multipart body (boundary missing?)')
  }
  const source = Readable.fromWeb(request.body)
  const fields: Record<string, string> = {}
  let fieldError: ContentError | undefined
  let fileStream: Readable | undefined
  const file = deferred<UploadFile>()
  const done = deferred<Readonly<Record<string, string>>>()

  parser.on('field', (...[name, value, , valueTruncated]: Parameters<BusboyEvents['field']>) => {
    if (valueTruncated)
      fieldError ??= invalid(`body.${name}`, `must be at most ${FIELD_MAX_BYTES} bytes`)
    fields[name] = value
  })
  parser.on('file', (...[name, stream, filename, , mimeType]: Parameters<BusboyEvents['file']>) => {
    if (name !== 'file' || fileStream !== undefined) {
      stream.resume()
      return
    }
    fileStream = stream
    file.resolve({ stream, filename, mimeType })
  })
  parser.on('finish', () => {
    file.reject(invalid('body.file', 'is required: a part named `file`'))
    if (fieldError) done.reject(fieldError)
    else done.resolve(fields)
  })
  parser.on('error', () => {
    const error = invalid('body', 'is not a readable multipart body')
    file.reject(error)
    done.reject(error)
    fileStream?.destroy(error)
  })
  source.on('error', (error) => parser.destroy(error))
  source.pipe(parser)
  return {
    file: file.promise,
    fields: done.promise,
    drain: () => {
      fileStream?.resume()
    },
  }
}
