/** One bad configuration value. */
export interface ConfigIssue {
  /** Dot path of the key, e.g. `database.pool.max`; empty for the configuration as a whole. */
  readonly path: string
  /** Why it is rejected, e.g. `must be an integer in 0..65535`. */
  readonly message: string
  /** Where the value came from, secrets redacted, e.g. `env PORT="99999"` or `default`. */
  readonly source: string
}

/** Formats one issue as `path: message (from source)`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const key = issue.path === '' ? 'config' : issue.path
  return `${key}: ${issue.message} (from ${issue.source})`
}

/**
 * The configuration could not be loaded: a file could not be read or parsed, or a value failed
 * validation. The message lists every issue with its source and never contains a secret.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  readonly code = 'INVALID_CONFIG' as const
  /** Every problem found, not just the first. */
  readonly issues: readonly ConfigIssue[]

  constructor(issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    super(
      `Invalid configuration:\n${issues.map((i) => `  - ${formatConfigIssue(i)}`).join('\n')}`,
      options,
    )
    this.issues = issues
  }
}

/** Narrows an unknown value to {@link ConfigError} by its `name`, so it works across bundles. */
export function isConfigError(value: unknown): value is ConfigError {
  return value instanceof Error && value.name === 'ConfigError'
}
