import type { MediaLookup } from '../index'

/**
 * What commerce relies on of the content module's services, when the app has it: reading one
 * media item of a tenant (rejecting when it is not that tenant's). Stated here as a shape, so this
 * package never imports the content package.
 */
export interface ContentMediaServices {
  readonly media: {
    get(media: { readonly tenantId: string; readonly id: string }): Promise<unknown>
  }
}

/** Product images by media id are checked against the content module's library when it is on. */
export function mediaLookup(content: ContentMediaServices | undefined): MediaLookup | undefined {
  if (!content) return undefined
  return async (tenantId, ids) => {
    const found = await Promise.all(
      ids.map((id) =>
        content.media.get({ tenantId, id }).then(
          () => id,
          (error: unknown) => {
            // Not this tenant's (or gone): the caller names the field. Anything else (the
            // database down) is not the input's fault and goes on up.
            if ((error as { code?: unknown }).code === 'NOT_FOUND') return null
            throw error
          },
        ),
      ),
    )
    return new Set(found.filter((id): id is string => id !== null))
  }
}
