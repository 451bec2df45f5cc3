/** The blog's own fields of a post, kept under `metadata.blog` of its node. */
export interface PostBlogFields {
  /** A media item of the same tenant shown with the post, or `null`. */
  readonly featuredImageId: string | null
  /** Whether readers may comment; default true. */
  readonly commentsEnabled: boolean
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The blog fields of a node's metadata, with defaults for what is missing or malformed. */
export function postBlogFields(metadata: Readonly<Record<string, unknown>>): PostBlogFields {
  const blog = metadata['blog']
  const fields = typeof blog === 'object' && blog !== null ? (blog as Record<string, unknown>) : {}
  const image = fields['featuredImageId']
  return {
    featuredImageId: typeof image === 'string' && UUID.test(image) ? image : null,
    commentsEnabled: fields['commentsEnabled'] !== false,
  }
}

/** Whether a post with this metadata takes comments. */
export function commentsOpen(metadata: Readonly<Record<string, unknown>>): boolean {
  return postBlogFields(metadata).commentsEnabled
}
