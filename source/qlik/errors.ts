// Errors are values with a kind; the UI and the exit codes each map kinds in one place.

export type QlikErrorKind =
  | 'auth' // 401, bad client credentials, expired token that could not be renewed
  | 'forbidden' // 403: not allowed (e.g. missing admin_classic scope)
  | 'not-found' // 404
  | 'rate-limited' // 429 after the retries we allow ourselves
  | 'network' // DNS, refused, reset, TLS
  | 'timeout' // connect/headers/body timeout
  | 'protocol' // the tenant answered something that is not the contract (HTML, bad JSON, wrong shape, 5xx)
  | 'usage' // the caller passed something invalid (bad tenant URL, ...)
  | 'cancelled'; // AbortSignal fired

export type QlikErrorInit = {
  kind: QlikErrorKind;
  message: string;
  status?: number;
  /** Qlik error code, e.g. "USERS-7" or "HTTP-429", or RFC 6749's "invalid_client". */
  code?: string;
  traceId?: string;
  /** Seconds, from Retry-After on a 429. */
  retryAfter?: number;
  cause?: unknown;
};

export class QlikError extends Error {
  readonly kind: QlikErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly traceId?: string;
  readonly retryAfter?: number;

  constructor(init: QlikErrorInit) {
    super(init.message, init.cause === undefined ? undefined : {cause: init.cause});
    this.name = 'QlikError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.traceId = init.traceId;
    this.retryAfter = init.retryAfter;
  }
}

export function isQlikError(error: unknown): error is QlikError {
  return error instanceof QlikError;
}
