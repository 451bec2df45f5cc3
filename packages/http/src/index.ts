// Routes: declarations with access rules, typed contexts and validated input.
export type {
  AppEnv,
  AppVariables,
  Principal,
  PrincipalVariables,
  RequestTenant,
  RequestVariables,
  TenantVariables,
} from './routes/app-env'
export { AUTHENTICATED, defineRoute, PUBLIC, requires } from './routes/route-definition'
export type {
  AnySchema,
  AuthenticatedAccess,
  HttpMethod,
  Permission,
  PermissionAccess,
  PublicAccess,
  Route,
  RouteAccess,
  RouteContext,
  RouteEnv,
  RouteInput,
  RouteResponse,
  RouteSpec,
  StreamedBody,
  TenantMode,
} from './routes/route-definition'
export { mountRoutes, routeChain } from './routes/mount-routes'
export { matchedRoute, matchedRoutePath } from './routes/matched-route'
export type { RoutePipeline } from './routes/mount-routes'
export { routeInput, validateInput } from './routes/request-input'
export { principalOf, requestEventContext } from './routes/request-event-context'
export type { RequestEventContext } from './routes/request-event-context'
export { undeclaredRoutes } from './routes/undeclared-routes'
export { createRouteMatcher } from './routes/route-matcher'
export type { RouteMatcher } from './routes/route-matcher'
export { routeNotFound } from './routes/route-not-found'
export { cacheControlOf, responseHeaders } from './routes/response-headers'
export { INPUT_LIMITS } from './routes/input-text-rules'
export { createResponseChecker } from './routes/response-conformance'
export type { ResponseChecker, ResponseCheckerOptions } from './routes/response-conformance'
export { clientAddress, TrustedProxiesSchema, viaTrustedProxy } from './routes/client-address'
export { formatTraceparent, parseTraceparent, traceContext } from './routes/trace-context'
export {
  requestHeader,
  requestHeaders,
  requestText,
  servedByNode,
  setResponseHeader,
} from './routes/node-exchange'
export type { RequestHeaderReader } from './routes/node-exchange'
export type {
  TraceContextOptions,
  TraceContextVariables,
  Traceparent,
} from './routes/trace-context'
export type { ClientAddressOptions, TrustedProxies } from './routes/client-address'

// Errors: stable codes, problem+json, the error handler.
export {
  ERROR_CODES,
  errorCodeForStatus,
  errorCodeInfo,
  errorRow,
  isErrorCode,
} from './errors/error-codes'
export type { ErrorCode, ErrorCodeInfo } from './errors/error-codes'
export { createErrorCatalog, defineErrorCodes } from './errors/error-catalog'
export type {
  ErrorCatalog,
  ErrorCodeDefinition,
  ErrorCodeTable,
  ErrorContribution,
} from './errors/error-catalog'
export { PROBLEM_CONTENT_TYPE, problem, problemResponse, traceIdOf } from './errors/problem'
export type { FieldError, ProblemDetails, ProblemInit } from './errors/problem'
export { createErrorHandler } from './errors/error-handler'
export type { ErrorHandlerOptions, ErrorLogger } from './errors/error-handler'
export { errorToProblem } from './errors/error-to-problem'
export type { ErrorProblem } from './errors/error-to-problem'
export { notFound } from './errors/not-found'
export {
  fieldErrorsFromIssues,
  RequestValidationError,
  requestValidationError,
} from './errors/request-validation-error'
export type { RequestPart } from './errors/request-validation-error'

// Lists: one keyset style.
export {
  afterCursor,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  listQuery,
  MAX_PAGE_SIZE,
  pageSchema,
  toPage,
} from './paging/pagination'
export type { Cursor, Page, SortOrder } from './paging/pagination'
export {
  EventTypeParam,
  exactTimestamp,
  FOREIGN_CURSOR,
  isTimestampCursor,
  timestampParam,
  UuidParam,
} from './paging/timestamp-keyset'

// OpenAPI 3.1 from the declarations.
export { createOpenApiDocument } from './openapi/openapi-document'
export type { OpenApiDocumentOptions } from './openapi/openapi-document'
export { openApiPath } from './openapi/openapi-path'
export type { OpenApiPath, PathParam } from './openapi/openapi-path'
export type * from './openapi/openapi-types'

// Modules: what a package contributes to an app, and composing them.
export { defineServerModule } from './module/server-module'
export type {
  AnyServerModule,
  ConfigSchema,
  HealthCheck,
  HealthCheckResult,
  MatrixFixtures,
  MatrixTenant,
  ModuleCore,
  ModuleHealthReport,
  ModuleLogger,
  ModuleSetup,
  OutboxWriter,
  ScheduledJob,
  ScheduledJobResult,
  ServerModule,
} from './module/server-module'
export {
  checkModules,
  composeModules,
  errorCatalogOf,
  eventCatalogOf,
  migrationsOf,
} from './module/compose-modules'
export type {
  ComposedModule,
  ComposedModules,
  ComposeModulesOptions,
} from './module/compose-modules'
export { openApiContractProblems, resolvePointer } from './openapi/openapi-contract'
