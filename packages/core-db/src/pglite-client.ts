/**
 * The slice of a PGlite instance that core-db uses. Declared here, structurally, so that passing
 * your own `PGlite` works while the package's types never require `@electric-sql/pglite`.
 */
export interface PgliteClient {
  readonly waitReady: Promise<void>
  readonly closed: boolean
  query<R>(
    sql: string,
    params?: unknown[],
  ): Promise<{ readonly rows: R[]; readonly affectedRows?: number }>
  close(): Promise<void>
  /** LISTEN on a channel; resolves to an unlisten function. */
  listen?(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>
}
