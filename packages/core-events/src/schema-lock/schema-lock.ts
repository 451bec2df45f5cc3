import { createHash } from 'node:crypto'
import type { AnyEventDefinition } from '../define-event'
import { createEventCatalog, payloadJsonSchema } from '../event-catalog'
import type { EventDefinitionSource } from '../event-catalog'

/** One locked event: the schema version and the sha256 of its canonical JSON Schema. */
export interface SchemaLockEntry {
  /** Locked schema version. */
  readonly version: number
  /** `sha256:<hex>` of the key-sorted JSON Schema of the payload. */
  readonly hash: string
}

/** The content of a package's `events.lock.json`: one entry per event type, keys sorted. */
export type SchemaLock = Readonly<Record<string, SchemaLockEntry>>

/**
 * A difference between the code and the lock:
 * - `changed-without-bump`: the schema changed but the version did not — bump it and add an upcaster;
 * - `version-bumped`: the version went up — update the lock;
 * - `version-lowered`: the version went down — never valid for stored events;
 * - `missing-from-lock`: a new event type — update the lock;
 * - `removed`: a locked type is gone — stored events of it can no longer be read.
 */
export type SchemaLockProblem =
  | {
      readonly kind: 'changed-without-bump'
      readonly type: string
      readonly version: number
      readonly lockedHash: string
      readonly hash: string
    }
  | {
      readonly kind: 'version-bumped'
      readonly type: string
      readonly lockedVersion: number
      readonly version: number
    }
  | {
      readonly kind: 'version-lowered'
      readonly type: string
      readonly lockedVersion: number
      readonly version: number
    }
  | { readonly kind: 'missing-from-lock'; readonly type: string; readonly version: number }
  | { readonly kind: 'removed'; readonly type: string; readonly lockedVersion: number }

/**
 * JSON with object keys sorted at every level, and `required` (a set) sorted too, so reordering a
 * payload's fields does not count as a schema change.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]): [string, unknown] =>
        key === 'required' && Array.isArray(item)
          ? [key, [...(item as string[])].sort()]
          : [key, item],
      )
      .sort(([a], [b]) => (a < b ? -1 : 1))
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** The `sha256:<hex>` hash of a definition's current payload JSON Schema. */
export function schemaHash(definition: AnyEventDefinition): string {
  return `sha256:${createHash('sha256')
    .update(canonicalJson(payloadJsonSchema(definition)))
    .digest('hex')}`
}

/**
 * Builds the lock for a catalogue or definition lists (what `events.lock.json` should contain).
 *
 * @example
 * ```ts
 * writeFileSync('events.lock.json', serializeSchemaLock(buildSchemaLock(contentEvents)))
 * ```
 */
export function buildSchemaLock(...sources: readonly EventDefinitionSource[]): SchemaLock {
  const lock: Record<string, SchemaLockEntry> = {}
  const definitions = [...createEventCatalog(...sources).list()].sort((a, b) =>
    a.type < b.type ? -1 : 1,
  )
  for (const definition of definitions) {
    lock[definition.type] = { version: definition.version, hash: schemaHash(definition) }
  }
  return lock
}

/** Serialises a lock as stable, diff-friendly JSON (two-space indent, sorted keys, final newline). */
export function serializeSchemaLock(lock: SchemaLock): string {
  const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => (a < b ? -1 : 1)))
  return `${JSON.stringify(sorted, null, 2)}\n`
}

/**
 * Compares the current schemas with a lock and lists every difference (empty when in sync).
 * This is the E3 contract check: `changed-without-bump` means a stored event could no longer be read.
 *
 * @example
 * ```ts
 * const problems = checkSchemaLock(contentEvents, JSON.parse(readFileSync(lockPath, 'utf8')))
 * if (problems.length > 0) throw new Error(formatSchemaLockProblems(problems))
 * ```
 */
export function checkSchemaLock(
  source: EventDefinitionSource,
  lock: SchemaLock,
): SchemaLockProblem[] {
  const current = buildSchemaLock(source)
  const problems: SchemaLockProblem[] = []
  for (const [type, entry] of Object.entries(current)) {
    const locked = lock[type]
    if (locked === undefined) {
      problems.push({ kind: 'missing-from-lock', type, version: entry.version })
    } else if (entry.version > locked.version) {
      problems.push({
        kind: 'version-bumped',
        type,
        lockedVersion: locked.version,
        version: entry.version,
      })
    } else if (entry.version < locked.version) {
      problems.push({
        kind: 'version-lowered',
        type,
        lockedVersion: locked.version,
        version: entry.version,
      })
    } else if (entry.hash !== locked.hash) {
      problems.push({
        kind: 'changed-without-bump',
        type,
        version: entry.version,
        lockedHash: locked.hash,
        hash: entry.hash,
      })
    }
  }
  for (const [type, locked] of Object.entries(lock)) {
    if (current[type] === undefined)
      problems.push({ kind: 'removed', type, lockedVersion: locked.version })
  }
  return problems
}

function describe(problem: SchemaLockProblem): string {
  switch (problem.kind) {
    case 'changed-without-bump':
      return `${problem.type}: schema changed but version is still ${problem.version} — bump the version and add an upcaster from ${problem.version}`
    case 'version-bumped':
      return `${problem.type}: version ${problem.lockedVersion} → ${problem.version} — update the lock`
    case 'version-lowered':
      return `${problem.type}: version went down ${problem.lockedVersion} → ${problem.version} — versions never go down`
    case 'missing-from-lock':
      return `${problem.type}: new event type (v${problem.version}) — update the lock`
    case 'removed':
      return `${problem.type}: removed (was v${problem.lockedVersion}) — stored events of this type can no longer be read`
  }
}

/**
 * A readable report of lock problems, ending with how to update the lock file (the
 * `UPDATE_EVENTS_LOCK` convention of the `events-lock.test.ts` files).
 */
export function formatSchemaLockProblems(
  problems: readonly SchemaLockProblem[],
  updateCommand?: string,
): string {
  const lines = problems.map((problem) => `  - ${describe(problem)}`)
  const how = updateCommand ?? 'UPDATE_EVENTS_LOCK=1 npx vitest run <path to events-lock.test.ts>'
  const unbumped = problems.some((problem) => problem.kind === 'changed-without-bump')
  const note = unbumped
    ? [
        'A schema change needs a version bump and an upcaster before the lock can be updated;',
        'only for an event that was never released, UPDATE_EVENTS_LOCK=force accepts the change as is.',
      ]
    : []
  return [
    `events.lock.json is out of date (${problems.length} problem(s)):`,
    ...lines,
    ...note,
    `To update the lock, run: ${how}`,
  ].join('\n')
}
