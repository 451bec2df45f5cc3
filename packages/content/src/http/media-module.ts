import { resolve } from 'node:path'
import { Readable } from 'node:stream'
import type { ModuleCore, Route } from '@rustok/http'
import * as v from 'valibot'
import {
  createLocalDiskStorage,
  createMediaService,
  DEFAULT_MEDIA_MAX_BYTES,
  type LocaleChain,
  type MediaService,
} from '../index'
import { mediaRoutes } from './media-routes'

/** The media settings of the content module, beside its others. */
export const MediaConfigEntries = {
  /**
   * The local disk driver's folder (`<mediaRoot>/<tenantId>/<mediaId>`). The server passes one
   * under its data folder; default `.data/media` under the working directory.
   */
  mediaRoot: v.optional(v.pipe(v.string(), v.minLength(1)), '.data/media'),
  /** The largest file any tenant may upload, in bytes. */
  mediaMaxBytes: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1)),
    DEFAULT_MEDIA_MAX_BYTES,
  ),
}

/** A 1×1 PNG, for the cross-tenant matrix's fixture. */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
)

/** The media part of the content module: its service, routes and matrix fixture. */
export function setupMedia(
  core: ModuleCore<{ readonly mediaRoot: string; readonly mediaMaxBytes: number }>,
  tenant: {
    readonly locales: LocaleChain
    /** The tenant's settings, for its own upload limit (`settings.mediaMaxBytes`). */
    readonly settings: (tenantId: string) => Promise<Readonly<Record<string, unknown>> | undefined>
  },
): {
  readonly media: MediaService
  readonly routes: Route[]
  readonly fixture: (tenantId: string, adminId: string) => Promise<{ id: string }>
} {
  const maxBytes = core.config.mediaMaxBytes
  const media = createMediaService({
    db: core.db,
    events: core.outbox,
    now: core.now,
    newId: core.newId,
    locales: tenant.locales,
    storage: createLocalDiskStorage({ root: resolve(core.config.mediaRoot) }),
    limits: {
      maxBytes,
      // A tenant's own limit (a plan's quota) from its settings; the module's limit caps it.
      maxBytesFor: async (tenantId) => {
        const own = (await tenant.settings(tenantId))?.['mediaMaxBytes']
        return typeof own === 'number' && Number.isSafeInteger(own) && own > 0 ? own : maxBytes
      },
    },
    logger: core.logger,
  })
  return {
    media,
    routes: mediaRoutes(media, { maxBytes }),
    fixture: async (tenantId, adminId) => {
      const item = await media.upload({
        tenantId,
        actor: { userId: adminId, scope: 'all' },
        stream: Readable.from([PIXEL_PNG]),
        originalName: 'pixel.png',
      })
      return { id: item.id }
    },
  }
}
