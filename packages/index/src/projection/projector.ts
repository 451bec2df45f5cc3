import type { ProductIndexSource } from '@rustok/commerce'
import type { NodeIndexSource } from '@rustok/content'
import type { Kysely } from 'kysely'
import { contentDocuments } from '../documents/content-document'
import type { IndexLocale, IndexLocales } from '../documents/index-locales'
import { productDocuments } from '../documents/product-document'
import type { IndexEntity } from '../index-tables'
import {
  generationsOf,
  lockEntity,
  writeContentDocuments,
  writeProductDocuments,
} from './document-store'

/* eslint-disable @typescript-eslint/no-explicit-any -- sources and writes run on the caller's transaction */

/**
 * Where the index reads its entities: the source packages' exported read functions, opened on a
 * given transaction (`createNodeIndexSource` of `@rustok/content`, `createProductIndexSource` of
 * `@rustok/commerce`). An entity whose package is not in the app has no source.
 */
export interface IndexSources {
  readonly content?: (db: Kysely<any>) => NodeIndexSource
  readonly products?: (db: Kysely<any>) => ProductIndexSource
}

/** What the projection and the rebuild need. */
export interface ProjectorDeps {
  readonly sources: IndexSources
  readonly locales: IndexLocales
}

/** Which entities of a tenant to (re)project. */
export interface ProjectTarget {
  readonly tenantId: string
  readonly entity: IndexEntity
  readonly ids: readonly string[]
  /** Generations to write; default: the live one and the one being built. */
  readonly generations?: readonly number[]
  /**
   * The tenant's locales, resolved before the transaction (the port may read through caches on
   * another connection, which PGlite's one connection cannot serve inside a transaction).
   */
  readonly locales?: readonly IndexLocale[] | null
}

/**
 * Re-reads `ids` from their source and replaces their documents, inside `trx` and under the
 * entity's lock: the same function for an event and for a rebuild batch, so the live projection
 * is by construction what a rebuild would write. Idempotent: applying it twice writes the same.
 */
export async function project(
  deps: ProjectorDeps,
  trx: Kysely<any>,
  target: ProjectTarget,
): Promise<number> {
  const { tenantId, entity, ids } = target
  if (ids.length === 0) return 0
  await lockEntity(trx, tenantId, entity)
  const generations = target.generations ?? (await generationsOf(trx, tenantId, entity))
  const locales = target.locales !== undefined ? target.locales : await deps.locales(tenantId)
  if (entity === 'content') {
    const source = deps.sources.content?.(trx)
    if (!source) return 0
    const records = await source.load(tenantId, ids)
    const documents = records.flatMap((record) => contentDocuments(record, locales))
    await writeContentDocuments(trx, { tenantId, generations, ids, documents })
    return documents.length
  }
  const source = deps.sources.products?.(trx)
  if (!source) return 0
  const records = await source.load(tenantId, ids)
  const documents = records.flatMap((record) => productDocuments(record, locales))
  await writeProductDocuments(trx, { tenantId, generations, ids, documents })
  return documents.length
}
