import { sql } from 'kysely'
import type { TestServer } from '../../testing/test-server.test-helper'

/** A problem+json body. */
export interface Problem {
  readonly code: string
  readonly detail?: string
  readonly errors?: readonly { readonly path: string; readonly message: string }[]
}

/** A page of a list route. */
export interface Page<T> {
  readonly items: T[]
  readonly nextCursor: string | null
}

/** A response's JSON body, typed as the test expects it. */
export async function body<T = Problem>(response: Response): Promise<T> {
  return (await response.json()) as T
}

/** The newest outbox row of `type`: who wrote it and in which trace. */
export async function lastEvent(
  server: TestServer,
  type: string,
): Promise<{ tenant_id: string; actor_id: string | null; trace_id: string | null } | undefined> {
  const result = await sql<{ tenant_id: string; actor_id: string | null; trace_id: string | null }>`
    select tenant_id, actor_id, trace_id from sys_events where type = ${type}
    order by seq desc limit 1`.execute(server.testDb.db)
  return result.rows[0]
}

/** A W3C `traceparent` with a known trace id, to follow a request into its events. */
export function traceparent(traceId: string): Record<string, string> {
  return { traceparent: `00-${traceId}-00f067aa0ba902b7-01` }
}
