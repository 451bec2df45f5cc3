import { fileTypeFromBuffer } from 'file-type'
import { imageSize } from 'image-size'

/**
 * The types an upload may have, as detected from its bytes. SVG is refused: it is a document
 * that can carry scripts. Plain text is refused too: it has no signature, so an HTML page would
 * pass as text.
 */
export const MEDIA_TYPES: readonly string[] = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'application/pdf',
  'video/mp4',
  'video/webm',
]

const ALLOWED = new Set(MEDIA_TYPES)

/** How many leading bytes the type is read from (file-type's own sample size). */
export const TYPE_SAMPLE_BYTES: number = 4100

/** How many leading bytes an image's width and height are read from. */
export const DIMENSION_SAMPLE_BYTES: number = 256 * 1024

/** The allowed type of a file that starts with `head`, or `undefined` for any other. */
export async function detectMediaType(head: Uint8Array): Promise<string | undefined> {
  const found = await fileTypeFromBuffer(head)
  return found && ALLOWED.has(found.mime) ? found.mime : undefined
}

/**
 * An image's width and height from its first bytes; `null` when it is no image or its size is
 * further in than the sample (a JPEG with a large EXIF block, say).
 */
export function imageDimensions(
  mimeType: string,
  head: Uint8Array,
): { readonly width: number; readonly height: number } | null {
  if (!mimeType.startsWith('image/')) return null
  try {
    const { width, height } = imageSize(head)
    return width > 0 && height > 0 ? { width, height } : null
  } catch {
    return null
  }
}
