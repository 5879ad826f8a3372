/**
 * The typed Procore REST client: environments, OAuth, the paced request core, pagination and one
 * function per endpoint SALUS Setup uses (DESIGN.md §4, procore-platform.md).
 */
export * from './types.ts';
export { parseProcoreJson, stringifyProcoreJson } from './json.ts';
export {
  PROCORE_ENVIRONMENTS,
  procoreEnvironment,
  type ProcoreEnvironment,
  type ProcoreEnvironmentName,
} from './environments.ts';
export {
  MAX_WAIT_MS,
  ProcoreApiError,
  extractProcoreMessage,
  isAppNotConnected,
  isProcoreApiError,
  kindForStatus,
  parseRateLimitReset,
  parseRetryAfter,
  type ProcoreApiErrorInit,
  type ProcoreErrorKind,
} from './errors.ts';
export * from './budget.ts';
export {
  FAN_OUT_CONCURRENCY,
  createRatePacer,
  realClock,
  type Clock,
  type RatePacer,
  type SharedWindow,
  type SharedWindows,
  type RatePacerOptions,
  type RatePacerState,
  type PacerSlot,
} from './pacer.ts';
export {
  buildUrl,
  createProcoreHttp,
  type CompanyFreePath,
  type HttpMethod,
  type ProcoreHttp,
  type ProcoreHttpEvent,
  type ProcoreHttpOptions,
  type ProcoreRequest,
  type ProcoreResponse,
  type Query,
} from './http.ts';
export { collectAll, maxPerPage, parseLinkHeader, type PaginateOptions } from './pagination.ts';
export {
  procoreWebhookEventSchema,
  parseProcoreWebhookEvent,
  webhookHookSchema,
  webhookTriggerSchema,
} from './schemas.ts';
export {
  BULK_ADD_MAX,
  WEBHOOK_API_VERSION,
  createProcoreClient,
  type CallOptions,
  type ProcoreClient,
  type ProjectStatus,
  type TemplateTypeFilter,
} from './client.ts';
export {
  callbackParams,
  createProcoreOAuth,
  type ProcoreOAuth,
  type ProcoreOAuthConfig,
} from './oauth.ts';
