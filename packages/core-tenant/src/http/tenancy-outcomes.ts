import type {
  LocaleChangeResult,
  ModuleChangeResult,
  TenantConflict,
  TenantNotFound,
} from '../index'
import type { Context } from 'hono'
import { problemResponse } from '@rustok/http'

type LocaleFailure = Extract<LocaleChangeResult, { ok: false }>
type ModuleFailure = Extract<ModuleChangeResult, { ok: false }>

/** A tenant store refusal as a problem: 404 for an unknown id, 409 naming the taken field. */
export function tenantProblem(c: Context, failure: TenantConflict | TenantNotFound): Response {
  if (failure.reason === 'NOT_FOUND') {
    return problemResponse(c, { code: 'NOT_FOUND', detail: 'No tenant has this id.' })
  }
  return problemResponse(c, {
    code: 'CONFLICT',
    detail: failure.message,
    errors: [{ path: `body.${failure.field}`, message: 'is taken by another tenant' }],
  })
}

const list = (names: readonly string[]): string => names.join(', ')

/**
 * A module switch refusal as a problem. A missing dependency or a remaining dependent is a 409
 * that names the modules to switch first; a failing lifecycle hook is rethrown, so the error
 * handler answers (and logs) it by its own code.
 */
export function moduleProblem(
  c: Context,
  options: { readonly module: string; readonly failure: ModuleFailure },
): Response {
  const { module, failure } = options
  switch (failure.reason) {
    case 'UNKNOWN_MODULE':
      return problemResponse(c, {
        code: 'NOT_FOUND',
        detail: `No module "${module}" can be switched on or off.`,
      })
    case 'TENANT_NOT_FOUND':
      return problemResponse(c, { code: 'NOT_FOUND', detail: failure.message })
    case 'MISSING_DEPENDENCIES':
      return problemResponse(c, {
        code: 'CONFLICT',
        detail: `${module} depends on ${list(failure.missing)}: enable ${list(failure.missing)} first.`,
      })
    case 'HAS_DEPENDENTS':
      return problemResponse(c, {
        code: 'CONFLICT',
        detail: `${list(failure.dependents)} depend${failure.dependents.length === 1 ? 's' : ''} on ${module}: disable ${list(failure.dependents)} first.`,
      })
    case 'HOOK_FAILED':
      throw failure.cause
  }
}

/**
 * A locale change refusal as a problem. A locale named in the path that the tenant does not have
 * is a 404; one named in the body is a 422 on that field (the request is well-formed, but refers
 * to something the tenant has not enabled).
 */
export function localeProblem(
  c: Context,
  options: { readonly failure: LocaleFailure; readonly localeField?: string },
): Response {
  const { failure, localeField } = options
  switch (failure.reason) {
    case 'TENANT_NOT_FOUND':
      return problemResponse(c, { code: 'NOT_FOUND', detail: failure.message })
    case 'UNKNOWN_LOCALE':
      return localeField === undefined
        ? problemResponse(c, { code: 'NOT_FOUND', detail: failure.message })
        : problemResponse(c, {
            code: 'UNPROCESSABLE',
            detail: failure.message,
            errors: [{ path: localeField, message: 'is not an enabled locale of this tenant' }],
          })
    case 'UNKNOWN_FALLBACK':
      return problemResponse(c, {
        code: 'UNPROCESSABLE',
        detail: failure.message,
        errors: [
          { path: 'body.fallback', message: 'is not another enabled locale of this tenant' },
        ],
      })
    case 'ALREADY_ENABLED':
    case 'IS_DEFAULT':
      return problemResponse(c, { code: 'CONFLICT', detail: failure.message })
  }
}
