/**
 * The one mapping from pgfirst SQLSTATEs (class PF, see docs/error-codes.md) to typed
 * error classes. Wrap database calls with `mapErrors` (or call `toPgfirstError`) and
 * test for classes or `.code`, never for message text.
 */

export class PgfirstError extends Error {
  /** The SQLSTATE, e.g. "PF101"; "PFTS0" for errors raised by the TypeScript layer. */
  readonly code: string;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  constructor(message: string, code: string, opts: { detail?: string; hint?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    this.detail = opts.detail;
    this.hint = opts.hint;
  }
}

/** Raised by the TS layer when the database schema is not the one this build expects. */
export class SchemaVersionError extends PgfirstError {
  constructor(
    message: string,
    readonly installed: string | null,
    readonly expected: string,
  ) {
    super(message, "PFTS0");
  }
}

/** A single-row helper found no row (slonik's `one`): a typed NotFound instead of undefined. */
export class NotFoundError extends PgfirstError {
  constructor(message: string) {
    super(message, "PFTS1");
  }
}

// ---- core (PF0xx) ----
export class SettingNotRegisteredError extends PgfirstError {}
export class SettingUnknownError extends PgfirstError {}
export class SettingTypeError extends PgfirstError {}
export class BundleTooOldError extends PgfirstError {}
export class SettingOutOfRangeError extends PgfirstError {}
export class TimestampOutOfRangeError extends PgfirstError {}
export class AuditPageSizeError extends PgfirstError {}

// ---- cache (PF1xx) ----
export class CacheNamespaceInvalidError extends PgfirstError {}
export class CacheKeyInvalidError extends PgfirstError {}
export class CacheTtlInvalidError extends PgfirstError {}
export class CacheValueTooLargeError extends PgfirstError {}
export class CacheEntriesInvalidError extends PgfirstError {}
export class CacheValueNotIntegerError extends PgfirstError {}
export class CacheIncrOverflowError extends PgfirstError {}
export class CacheValueNullError extends PgfirstError {}
export class CacheClearScopeError extends PgfirstError {}
export class CacheTenantInvalidError extends PgfirstError {}
export class CacheLimitInvalidError extends PgfirstError {}
export class CacheClearForbiddenError extends PgfirstError {}
export class CacheBatchTooLargeError extends PgfirstError {}

// ---- sessions (PF2xx) ----
export class SessionTokenInvalidError extends PgfirstError {}
export class SessionDataInvalidError extends PgfirstError {}
export class SessionDataTooLargeError extends PgfirstError {}
export class SessionPatchInvalidError extends PgfirstError {}
export class SessionTimeoutInvalidError extends PgfirstError {}
export class SessionOwnerInvalidError extends PgfirstError {}
export class SessionTokenTooShortError extends PgfirstError {}
export class SessionMaxRowsInvalidError extends PgfirstError {}

// ---- rate limits and login throttling (PF3xx) ----
export class RateLimitKeyInvalidError extends PgfirstError {}
export class RateLimitMaxHitsInvalidError extends PgfirstError {}
export class RateLimitPeriodInvalidError extends PgfirstError {}
export class RateLimitCostInvalidError extends PgfirstError {}
export class RateLimitCostTooHighError extends PgfirstError {}
export class LoginUsernameInvalidError extends PgfirstError {}
export class RateLimitMaxRowsInvalidError extends PgfirstError {}
export class LoginSubjectInvalidError extends PgfirstError {}
export class LoginPageSizeError extends PgfirstError {}

// ---- jobs and queues (PF4xx) ----
export class JobTaskInvalidError extends PgfirstError {}
export class JobKeyModeError extends PgfirstError {}
export class JobMaxAttemptsError extends PgfirstError {}
export class JobClaimSizeError extends PgfirstError {}
export class JobBatchMalformedError extends PgfirstError {}
export class QueueNameInvalidError extends PgfirstError {}
export class JobLeaseInvalidError extends PgfirstError {}
export class WorkerIdInvalidError extends PgfirstError {}
export class QueueConcurrencyInvalidError extends PgfirstError {}
export class JobRetryDelayInvalidError extends PgfirstError {}
export class JobKeyInvalidError extends PgfirstError {}
export class JobKeyContentionError extends PgfirstError {}
export class JobAttemptsMismatchError extends PgfirstError {}
export class JobPayloadTooLargeError extends PgfirstError {}
export class JobBatchTooLargeError extends PgfirstError {}
export class JobNameTooLongError extends PgfirstError {}
export class JobStateFilterError extends PgfirstError {}
export class JobPageSizeError extends PgfirstError {}
export class QueueThroughputWindowError extends PgfirstError {}
export class JobFilterTooLongError extends PgfirstError {}
export class JobDependencyInvalidError extends PgfirstError {}
export class JobDependencyUnknownError extends PgfirstError {}
export class JobResultTooLargeError extends PgfirstError {}
export class JobResultsMismatchError extends PgfirstError {}
export class WorkflowSpecInvalidError extends PgfirstError {}
export class QueueKeyConcurrencyInvalidError extends PgfirstError {}
export class QueueRateLimitInvalidError extends PgfirstError {}
export class JobMaxRunTimeInvalidError extends PgfirstError {}
export class JobUniqueForInvalidError extends PgfirstError {}
export class JobFlowKeyInvalidError extends PgfirstError {}
export class JobProgressTooLargeError extends PgfirstError {}
export class JobInternalError extends PgfirstError {}

// ---- schedules, maintenance and health (PF5xx) ----
export class CronInvalidError extends PgfirstError {}
export class CronRebootUnsupportedError extends PgfirstError {}
export class TimeZoneUnknownError extends PgfirstError {}
export class ScheduleSpecError extends PgfirstError {}
export class ScheduleEveryInvalidError extends PgfirstError {}
export class ScheduleMissedPolicyError extends PgfirstError {}
export class CronNeverFiresError extends PgfirstError {}
export class ScheduleNameInvalidError extends PgfirstError {}
export class ScheduleTaskInvalidError extends PgfirstError {}
export class SchedulePayloadInvalidError extends PgfirstError {}
export class ScheduleQueueInvalidError extends PgfirstError {}
export class QueueKeepFinishedInvalidError extends PgfirstError {}
export class ScheduleArgumentTooLargeError extends PgfirstError {}
export class ScheduleUnknownError extends PgfirstError {}

// ---- dropdowns (PF6xx) ----
export class DropdownUnknownError extends PgfirstError {}
export class DropdownNameError extends PgfirstError {}
export class DropdownQueryError extends PgfirstError {}
export class DropdownPageSizeError extends PgfirstError {}
export class DropdownPageError extends PgfirstError {}
export class DropdownCursorError extends PgfirstError {}
export class DropdownSourceError extends PgfirstError {}
export class DropdownTenantError extends PgfirstError {}
export class DropdownIntervalError extends PgfirstError {}
export class DropdownExtensionMissingError extends PgfirstError {}
export class DropdownViewNameError extends PgfirstError {}
export class DropdownTermTooLongError extends PgfirstError {}
export class DropdownLookupTooManyError extends PgfirstError {}
export class DropdownQueryNotSelectError extends PgfirstError {}
export class DropdownGrantMissingError extends PgfirstError {}

type ErrorClass = new (message: string, code: string, opts?: { detail?: string; hint?: string; cause?: unknown }) => PgfirstError;

/** SQLSTATE → class. Every code in docs/error-codes.md has a line here (a test checks it). */
export const errorClasses: Record<string, ErrorClass> = {
  // core
  PF001: SettingNotRegisteredError,
  PF002: SettingUnknownError,
  PF003: SettingTypeError,
  PF004: BundleTooOldError,
  PF005: SettingOutOfRangeError,
  PF006: TimestampOutOfRangeError,
  PF007: AuditPageSizeError,
  // cache
  PF101: CacheNamespaceInvalidError,
  PF102: CacheKeyInvalidError,
  PF103: CacheTtlInvalidError,
  PF104: CacheValueTooLargeError,
  PF105: CacheEntriesInvalidError,
  PF106: CacheValueNotIntegerError,
  PF107: CacheIncrOverflowError,
  PF108: CacheValueNullError,
  PF109: CacheClearScopeError,
  PF110: CacheTenantInvalidError,
  PF111: CacheLimitInvalidError,
  PF112: CacheClearForbiddenError,
  PF113: CacheBatchTooLargeError,
  // sessions
  PF201: SessionTokenInvalidError,
  PF202: SessionDataInvalidError,
  PF203: SessionDataTooLargeError,
  PF204: SessionPatchInvalidError,
  PF205: SessionTimeoutInvalidError,
  PF206: SessionOwnerInvalidError,
  PF207: SessionTokenTooShortError,
  PF208: SessionMaxRowsInvalidError,
  // rate limits and login throttling
  PF301: RateLimitKeyInvalidError,
  PF302: RateLimitMaxHitsInvalidError,
  PF303: RateLimitPeriodInvalidError,
  PF304: RateLimitCostInvalidError,
  PF305: RateLimitCostTooHighError,
  PF306: LoginUsernameInvalidError,
  PF307: RateLimitMaxRowsInvalidError,
  PF308: LoginSubjectInvalidError,
  PF309: LoginPageSizeError,
  // jobs and queues
  PF401: JobTaskInvalidError,
  PF402: JobKeyModeError,
  PF403: JobMaxAttemptsError,
  PF404: JobClaimSizeError,
  PF405: JobBatchMalformedError,
  PF406: QueueNameInvalidError,
  PF407: JobLeaseInvalidError,
  PF408: WorkerIdInvalidError,
  PF409: QueueConcurrencyInvalidError,
  PF410: JobRetryDelayInvalidError,
  PF411: JobKeyInvalidError,
  PF412: JobKeyContentionError,
  PF413: JobAttemptsMismatchError,
  PF414: JobPayloadTooLargeError,
  PF415: JobBatchTooLargeError,
  PF416: JobNameTooLongError,
  PF417: JobStateFilterError,
  PF418: JobPageSizeError,
  PF419: QueueThroughputWindowError,
  PF420: JobFilterTooLongError,
  PF430: JobDependencyInvalidError,
  PF431: JobDependencyUnknownError,
  PF432: JobResultTooLargeError,
  PF433: JobResultsMismatchError,
  PF434: WorkflowSpecInvalidError,
  PF440: QueueKeyConcurrencyInvalidError,
  PF441: QueueRateLimitInvalidError,
  PF442: JobMaxRunTimeInvalidError,
  PF443: JobUniqueForInvalidError,
  PF444: JobFlowKeyInvalidError,
  PF445: JobProgressTooLargeError,
  PF499: JobInternalError,
  // schedules, maintenance and health
  PF501: CronInvalidError,
  PF502: CronRebootUnsupportedError,
  PF503: TimeZoneUnknownError,
  PF504: ScheduleSpecError,
  PF505: ScheduleEveryInvalidError,
  PF506: ScheduleMissedPolicyError,
  PF507: CronNeverFiresError,
  PF508: ScheduleNameInvalidError,
  PF509: ScheduleTaskInvalidError,
  PF510: SchedulePayloadInvalidError,
  PF511: ScheduleQueueInvalidError,
  PF512: QueueKeepFinishedInvalidError,
  PF513: ScheduleArgumentTooLargeError,
  PF514: ScheduleUnknownError,
  // dropdowns
  PF601: DropdownUnknownError,
  PF602: DropdownNameError,
  PF603: DropdownQueryError,
  PF604: DropdownPageSizeError,
  PF605: DropdownPageError,
  PF606: DropdownCursorError,
  PF607: DropdownSourceError,
  PF608: DropdownTenantError,
  PF609: DropdownIntervalError,
  PF610: DropdownExtensionMissingError,
  PF611: DropdownViewNameError,
  PF612: DropdownTermTooLongError,
  PF613: DropdownLookupTooManyError,
  PF614: DropdownQueryNotSelectError,
  PF615: DropdownGrantMissingError,
};

interface PgErrorLike {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  hint?: unknown;
}

/** Converts a postgres.js error carrying a PF SQLSTATE into its typed class; anything else is returned unchanged. */
export function toPgfirstError(e: unknown): unknown {
  if (e instanceof PgfirstError || typeof e !== "object" || e === null) return e;
  const pe = e as PgErrorLike;
  if (typeof pe.code !== "string" || !pe.code.startsWith("PF")) return e;
  const Cls: ErrorClass = errorClasses[pe.code] ?? PgfirstError;
  return new Cls(String(pe.message ?? pe.code), pe.code, {
    detail: typeof pe.detail === "string" ? pe.detail : undefined,
    hint: typeof pe.hint === "string" ? pe.hint : undefined,
    cause: e,
  });
}

/** Runs a database call and rethrows PF errors as typed classes. */
export async function mapErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw toPgfirstError(e);
  }
}
