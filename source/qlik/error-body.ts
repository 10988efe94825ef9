// Turns what a tenant (or the network on the way) answers into a QlikError with a kind and a
// message an operator can act on. Qlik's error body is `{errors:[{code,title,detail,status}]}`
// (status a string in some specs, a number in others); proxies and outages answer HTML or nothing;
// some OAuth paths answer RFC 6749's `{error, error_description}`. None of that may ever surface as
// a JSON parse stack trace.
import {QlikError, type QlikErrorKind} from './errors.js';
import {redactSecrets} from './redact.js';

export type ResponseHeaders = Record<string, string | string[] | undefined>;

const MAX_EXCERPT = 120;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\u2028\u2029\ufeff]+/g;

function header(headers: ResponseHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * One inert line of at most `max` characters: controls and bidi tricks gone, whitespace collapsed,
 * and `secrets` masked BEFORE the cut — cut first, a partial copy of a secret at the end would no
 * longer match it (46 of 64 characters of a secret once showed that way). Masked again after
 * flattening, in case a control character inside a copy hid it from the first pass.
 */
export function sanitizeExcerpt(text: string, max = MAX_EXCERPT, secrets?: readonly string[]): string {
  const flat = redact(redact(text, secrets).replace(CONTROL, ' ').replace(/\s+/g, ' ').trim(), secrets);
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Masks every copy, and every 8-character piece, of each secret (client secret, access tokens). */
export function redact(text: string, secrets: readonly string[] | undefined): string {
  return redactSecrets(text, secrets);
}

/**
 * Retry-After in whole seconds (rounded up), from delta-seconds or an HTTP-date; undefined when
 * absent or unreadable. Never negative.
 */
export function parseRetryAfter(value: string | string[] | undefined | null, now = Date.now()): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.ceil(Number(raw));
  if (/^-\d/.test(raw)) return 0;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

export function kindForStatus(status: number, context: 'api' | 'token' = 'api'): QlikErrorKind {
  if (context === 'token' && (status === 400 || status === 401)) return 'auth';
  if (status === 400) return 'usage';
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  return 'protocol';
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

function htmlExcerpt(body: string, secrets?: readonly string[]): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1];
  const text = title ?? body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');
  return sanitizeExcerpt(
    text
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>'),
    MAX_EXCERPT,
    secrets,
  );
}

type Described = {text: string; code?: string; traceId?: string};

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;
}

/** What an error body says, whatever its shape, with `secrets` masked before anything is cut. */
export function describeErrorBody(
  body: string,
  contentType: string | undefined,
  secrets?: readonly string[],
): Described {
  if (body.trim() === '') return {text: 'empty body'};
  const excerpt = (text: string, max = MAX_EXCERPT) => sanitizeExcerpt(text, max, secrets);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const type = mediaType(contentType) || 'no content type';
    const quoted = /html/.test(type) || /^\s*</.test(body) ? htmlExcerpt(body, secrets) : excerpt(body);
    return {text: `not JSON (${excerpt(type, 60)})${quoted ? `: "${quoted}"` : ''}`};
  }
  if (parsed === null || typeof parsed !== 'object') return {text: `unexpected body: ${excerpt(body)}`};
  const obj = parsed as Record<string, unknown>;
  const trace = str(obj.traceId);
  const traceId = trace === undefined ? undefined : excerpt(trace, 64);
  if (Array.isArray(obj.errors) && obj.errors.length > 0) {
    const first = (obj.errors[0] ?? {}) as Record<string, unknown>;
    const code = str(first.code);
    const title = str(first.title);
    const detail = str(first.detail);
    const parts = [title, detail && detail !== title ? detail : undefined].filter((part): part is string =>
      Boolean(part),
    );
    // Qlik's 429 title already ends with a full stop: "API rate limit reached."
    const joined =
      parts.length === 2 ? `${parts[0]}${/[.!?:]$/.test(parts[0]!) ? ' ' : ': '}${parts[1]}` : (parts[0] ?? 'error');
    let text = excerpt(joined, 240);
    const shownCode = code === undefined ? undefined : excerpt(code, 40);
    if (shownCode) text += ` (${shownCode})`;
    if (obj.errors.length > 1) text += ` (+${obj.errors.length - 1} more)`;
    return {text, code: shownCode, traceId};
  }
  const oauthError = str(obj.error);
  if (oauthError) {
    const description = str(obj.error_description);
    const text = excerpt(description ? `${oauthError}: ${description}` : oauthError, 240);
    return {text, code: excerpt(oauthError, 40), traceId};
  }
  const message = str(obj.message) ?? str(obj.title) ?? str(obj.detail);
  if (message) return {text: excerpt(message, 240), traceId};
  return {text: `unexpected error body: ${excerpt(body)}`, traceId};
}

export type ErrorResponse = {
  status: number;
  headers: ResponseHeaders;
  body: string;
  /** `token` for POST /oauth/token: a 400/401 there means the client credentials or scope. */
  context?: 'api' | 'token';
  /** Strings that must not appear in the message (client secret, access tokens). */
  secrets?: readonly string[];
  now?: number;
};

/** An HTTP error response as a QlikError (kind from the status, message from the body). */
export function errorFromResponse(response: ErrorResponse): QlikError {
  const {status, headers, context = 'api'} = response;
  const described = describeErrorBody(response.body, header(headers, 'content-type'), response.secrets);
  const kind = kindForStatus(status, context);
  let prefix = `HTTP ${status} from tenant`;
  if (context === 'token' && kind === 'auth') prefix = `the tenant rejected the client credentials (HTTP ${status})`;
  else if (context === 'token' && kind === 'forbidden')
    prefix = `the tenant refused an access token to this client (HTTP ${status}: client disabled or too many tokens?)`;
  const retryAfter = status === 429 ? parseRetryAfter(header(headers, 'retry-after'), response.now) : undefined;
  const message = redact(`${prefix}: ${described.text}`, response.secrets);
  return new QlikError({
    kind,
    message,
    status,
    code: described.code === undefined ? undefined : redact(described.code, response.secrets),
    traceId: described.traceId,
    retryAfter,
  });
}

/**
 * A 2xx whose body is not the JSON the contract promises. `quote: false` for the token endpoint: a
 * 200 there that is not JSON (a form-encoded reply, a proxy's rewrite) may still carry the access
 * token, so not even an excerpt of it may reach a message.
 */
export function unexpectedBody(
  status: number,
  body: string,
  contentType: string | undefined,
  what: string,
  {quote = true, secrets}: {quote?: boolean; secrets?: readonly string[]} = {},
): QlikError {
  const described =
    body.trim() === ''
      ? 'empty body'
      : quote
        ? describeErrorBody(body, contentType, secrets).text
        : `not JSON (${sanitizeExcerpt(mediaType(contentType) || 'no content type', 60)}; not quoted)`;
  return new QlikError({
    kind: 'protocol',
    status,
    message: `HTTP ${status} from tenant: ${described} where ${what} was expected`,
  });
}

type ErrnoLike = Error & {
  code?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  errors?: unknown;
  cause?: unknown;
};

/** "80CC…0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/…" → "wrong version number". */
function opensslReason(detail: string): string {
  const parts = detail.split(':');
  return parts.length >= 6 && /SSL routines|routines/.test(detail) ? (parts[4] ?? detail).trim() : detail;
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** The innermost error that carries a system/undici code (undici and AggregateError wrap them). */
function rootCause(error: unknown): ErrnoLike | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const e = current as ErrnoLike;
    if (typeof e.code === 'string' && e.code !== '') return e;
    if (Array.isArray(e.errors) && e.errors[0] instanceof Error) current = e.errors[0];
    else current = e.cause;
  }
  return error instanceof Error ? (error as ErrnoLike) : undefined;
}

export function errorCode(error: unknown): string | undefined {
  const code = rootCause(error)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isAbortError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'AbortError' || errorCode(error) === 'UND_ERR_ABORTED' || errorCode(error) === 'ABORT_ERR';
}

/** Failures worth another attempt on an idempotent call. */
export function isTransientFailure(error: unknown): boolean {
  switch (errorCode(error)) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNREFUSED':
    case 'ECONNABORTED':
    case 'ETIMEDOUT':
    case 'EAI_AGAIN':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return true;
    default:
      return false;
  }
}

/** Failures where the request certainly never reached the tenant. */
export function isConnectFailure(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ECONNREFUSED' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'EAI_AGAIN';
}

/** A thrown undici/system error as a QlikError. `target` names the host when the error does not. */
export function errorFromException(
  error: unknown,
  target?: {host?: string; timeouts?: {connect?: number; headers?: number; body?: number}},
): QlikError {
  if (error instanceof QlikError) return error;
  if (isAbortError(error)) return new QlikError({kind: 'cancelled', message: 'cancelled', cause: error});
  const root = rootCause(error);
  const code = typeof root?.code === 'string' ? root.code : undefined;
  const host = target?.host ?? 'the tenant';
  const seconds = (ms: number | undefined) => (ms === undefined ? '' : ` (${ms / 1000} s)`);
  const make = (kind: QlikErrorKind, message: string) => new QlikError({kind, message, code, cause: error});
  const detail = sanitizeExcerpt(root?.message ?? String(error), 160);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return make('timeout', `connecting to ${host} timed out${seconds(target?.timeouts?.connect)}`);
    case 'ETIMEDOUT':
      return make('timeout', `connecting to ${host} timed out`);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return make('timeout', `${host} did not answer in time${seconds(target?.timeouts?.headers)}`);
    case 'UND_ERR_BODY_TIMEOUT':
      return make('timeout', `${host} stopped sending the response${seconds(target?.timeouts?.body)}`);
    case 'ECONNREFUSED': {
      const where =
        typeof root?.address === 'string'
          ? `${root.address}${root.port === undefined ? '' : `:${String(root.port)}`}`
          : host;
      return make('network', `connection refused by ${where}`);
    }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return make('network', `host not found: ${typeof root?.hostname === 'string' ? root.hostname : host}`);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return make('network', `connection reset by ${host}`);
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
      return make('network', `connection to ${host} closed before the response was complete`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return make('network', `${host} is unreachable (${code})`);
    default:
      break;
  }
  if (code === 'EPROTO') return make('network', `TLS handshake with ${host} failed: ${detail}`);
  // An https:// URL (the default for a bare host) pointed at a plain-HTTP port: OpenSSL's own text
  // ("…:SSL routines:ssl3_get_record:wrong version number:…") tells an operator nothing.
  if (
    code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    code === 'ERR_SSL_HTTP_REQUEST' ||
    code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG'
  ) {
    return make(
      'network',
      `TLS handshake with ${host} failed: it does not speak HTTPS there (a local test tenant needs an explicit http:// URL) (${code})`,
    );
  }
  if (code && /^(ERR_SSL_|ERR_OSSL)/.test(code))
    return make('network', `TLS handshake with ${host} failed: ${opensslReason(detail)} (${code})`);
  if (code && TLS_CODE.test(code)) return make('network', `TLS certificate error: ${detail} (${code})`);
  if (code && /^HPE_/.test(code)) return make('protocol', `${host} sent a malformed HTTP response (${code})`);
  // undici's parser errors mid-body carry no code: a broken chunked body is the tenant's answer,
  // malformed, not a network that could not reach it.
  if (root?.name === 'HTTPParserError' || /does not match the HTTP\/1\.1 protocol/.test(detail)) {
    const reason = /\(([^)]*)\)\s*$/.exec(detail)?.[1];
    return make('protocol', `${host} sent a malformed HTTP response${reason ? ` (${reason})` : ''}`);
  }
  return make('network', `request to ${host} failed: ${detail}`);
}
