// The Qlik Cloud REST client: one undici Agent per client, access-token reuse, per-tier 429
// blocking, bounded retries, cursor pagination and response-shape checks. Every wire quirk it
// copes with is described in the shared API contract (qlik-cloud-api.md).
import {Agent, request, type Dispatcher} from './http.js';
import {AccessTokenSource, parseTokenResponse, raceAbort, tokenRequestBody} from './access-token.js';
import {
  errorFromException,
  errorCode,
  errorFromResponse,
  isAbortError,
  isConnectFailure,
  isTransientFailure,
  parseRetryAfter,
  redact,
  unexpectedBody,
} from './error-body.js';
import {QlikError} from './errors.js';
import {RateGate} from './rate-gate.js';
import {createRedactor} from './redact.js';
import {userSearchFilter} from './scim.js';
import {validateTokenPage, validateUser, validateUserPage, nextHref} from './response-shape.js';
import {normalizeTenantUrl} from './tenant-url.js';
import type {
  AccessToken,
  CallOptions,
  ClientEvent,
  ClientOptions,
  Credentials,
  ListTokensOptions,
  QlikApi,
  QlikToken,
  QlikUser,
  RevokeOptions,
  RevokeResult,
  Tier,
} from './types.js';

export const DEFAULTS = {
  /**
   * connect, headers and body are undici's idle timers; `total` is the whole attempt, from sending
   * the request to the last byte of the answer: a body trickled a byte a second, or a `103 Early
   * Hints` every few seconds, resets an idle timer forever but not this one.
   */
  timeouts: {connect: 10_000, headers: 30_000, body: 30_000, total: 30_000},
  /**
   * The most a 2xx body may hold. A token, a user: 1 MB (a real one is under 2 KB). A list page:
   * 32 MB (Qlik's 100 items are well under 1 MB). Past that the tenant is hostile or broken, and
   * reading on would only grow memory until the process dies.
   */
  maxBodyBytes: {object: 1024 * 1024, page: 32 * 1024 * 1024},
  retries: 3,
  backoffMs: 250,
  maxBackoffMs: 8_000,
  maxRateLimitWaitMs: 120_000,
  rateLimitRetries: 10,
  /** When a 429 carries no usable Retry-After. */
  retryAfterFallbackSeconds: 5,
  maxRedirects: 5,
  maxPages: 10_000,
} as const;

/**
 * How a request may be repeated after a failure:
 * - `idempotent` (GET, DELETE): 5xx, resets, refused connections and timeouts.
 * - `token` (POST /oauth/token): 5xx, resets and connect failures, but NOT headers/body timeouts:
 *   then the tenant has the whole request and is merely slow, it may well have issued a token,
 *   and piling more token requests (tier 2, shared with revocations) onto a struggling tenant
 *   only lengthens the operator's wait. The timeout is reported instead.
 * - `none`: never.
 */
type RetryMode = 'idempotent' | 'token' | 'none';

type Send = {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  tier: Tier;
  auth: boolean;
  retry: RetryMode;
  expectJson: boolean;
  /** What the JSON is, for messages ("a token list"). */
  what: string;
  /** The largest 2xx body accepted: an object or a list page (DEFAULTS.maxBodyBytes). */
  size?: 'object' | 'page';
  body?: string;
  signal?: AbortSignal;
  followRedirects?: boolean;
  context?: 'api' | 'token';
};

type Sent = {status: number; data: unknown};

const REDIRECT = new Set([301, 302, 303, 307, 308]);

/** QlikError.code of an attempt that ran out of its total deadline (timeouts.total). */
export const DEADLINE_CODE = 'QLIK_TOKENS_DEADLINE';

function checkLimit(limit: number, max: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new QlikError({kind: 'usage', message: `limit must be an integer from 1 to ${max} (got ${String(limit)})`});
  }
  return limit;
}

function checkId(id: string, what: string): string {
  if (typeof id !== 'string' || id.trim() === '') throw new QlikError({kind: 'usage', message: `${what} is empty`});
  // "." and ".." would be resolved away by URL parsing and hit another endpoint.
  if (/^\.{1,2}$/.test(id.trim())) throw new QlikError({kind: 'usage', message: `"${id}" is not a valid ${what}`});
  return encodeURIComponent(id.trim());
}

function headerValue(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function discard(body: Dispatcher.ResponseData['body']): Promise<void> {
  try {
    await body.dump({limit: 64 * 1024});
  } catch {
    // Nothing to salvage from a body we meant to drop.
  }
}

/** At most `max` characters of an error body; the rest is dropped unread. */
async function readCapped(body: Dispatcher.ResponseData['body'], max = 32 * 1024): Promise<string> {
  let text = '';
  try {
    for await (const chunk of body) {
      text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
      if (text.length >= max) {
        body.destroy();
        break;
      }
    }
  } catch {
    // A body that breaks off still leaves the status to report.
  }
  return text;
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

function tooLarge(status: number, max: number, what: string): QlikError {
  return new QlikError({
    kind: 'protocol',
    status,
    code: 'QLIK_TOKENS_BODY_TOO_LARGE',
    message: `HTTP ${status} from tenant: the tenant's answer was too large (more than ${megabytes(max)} where ${what} was expected); stopped reading it`,
  });
}

/**
 * The whole body as text, or a `protocol` error once it passes `max` bytes: the rest is never read
 * (the connection is dropped), so memory stays bounded whatever the tenant sends.
 */
async function readBounded(response: Dispatcher.ResponseData, max: number, what: string): Promise<string> {
  const declared = Number(headerValue(response.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > max) {
    response.body.destroy();
    throw tooLarge(response.statusCode, max, what);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > max) {
      response.body.destroy();
      throw tooLarge(response.statusCode, max, what);
    }
    chunks.push(buffer);
  }
  // Decoded once, whole: a chunk boundary may fall inside a multi-byte character.
  return Buffer.concat(chunks, size).toString('utf8');
}

/** One attempt's total deadline; `fired` tells it apart from the caller's own cancel. */
function attemptDeadline(ms: number): {signal: AbortSignal; fired: () => boolean; clear: () => void} {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  timer.unref?.();
  return {signal: controller.signal, fired: () => controller.signal.aborted, clear: () => clearTimeout(timer)};
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return raceAbort(
    new Promise<void>((resolve) => {
      const onAbort = () => clearTimeout(timer);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, {once: true});
    }),
    signal,
  );
}

export class QlikClient implements QlikApi {
  readonly tenantUrl: string;
  readonly clientId: string;
  readonly #credentials: Credentials;
  readonly #agent: Agent;
  readonly #gate: RateGate;
  readonly #tokens: AccessTokenSource;
  readonly #onEvent: ((event: ClientEvent) => void) | undefined;
  readonly #timeouts: {connect: number; headers: number; body: number; total: number};
  readonly #retries: number;
  readonly #backoffMs: number;
  readonly #maxRateLimitWaitMs: number;
  readonly #rateLimitRetries: number;
  readonly #now: () => number;
  readonly #host: string;
  /** Cancels work nobody awaits any more (a shared token request) when the client closes. */
  readonly #closing = new AbortController();
  #closed = false;
  #redactor: {key: string; redact: (text: string) => string} | undefined;

  constructor(credentials: Credentials, options: ClientOptions = {}) {
    this.tenantUrl = normalizeTenantUrl(credentials.tenantUrl);
    this.clientId = credentials.clientId;
    this.#credentials = credentials;
    this.#host = new URL(this.tenantUrl).host;
    this.#onEvent = options.onEvent;
    this.#timeouts = {...DEFAULTS.timeouts, ...options.timeouts};
    this.#retries = Math.max(0, options.retries ?? DEFAULTS.retries);
    this.#backoffMs = Math.max(0, options.backoffMs ?? DEFAULTS.backoffMs);
    this.#maxRateLimitWaitMs = Math.max(0, options.maxRateLimitWaitMs ?? DEFAULTS.maxRateLimitWaitMs);
    this.#rateLimitRetries = Math.max(0, options.rateLimitRetries ?? DEFAULTS.rateLimitRetries);
    this.#agent = new Agent({
      // Said explicitly: left undefined, Node takes it from NODE_TLS_REJECT_UNAUTHORIZED, and a
      // stray `=0` in a shell would send the client secret to any certificate. There is no
      // insecure mode; a private CA goes in NODE_EXTRA_CA_CERTS.
      connect: {timeout: this.#timeouts.connect, rejectUnauthorized: true},
      headersTimeout: this.#timeouts.headers,
      bodyTimeout: this.#timeouts.body,
      keepAliveTimeout: 10_000,
    });
    this.#gate = new RateGate();
    this.#tokens = new AccessTokenSource({
      fetch: () => this.#fetchAccessToken(),
      binding: {tenantUrl: this.tenantUrl, clientId: this.clientId},
      cache: options.tokenCache,
      onEvent: (event) => this.#emit(event),
      ...(options.now ? {now: options.now} : {}),
    });
    this.#now = options.now ?? Date.now;
  }

  getAccessToken(options: CallOptions & {forceRefresh?: boolean} = {}): Promise<AccessToken> {
    return this.#guard(() => this.#tokens.get(options));
  }

  whoami(options: CallOptions = {}): Promise<QlikUser> {
    return this.#guard(async () => {
      const {data} = await this.#send({
        method: 'GET',
        url: `${this.tenantUrl}/api/v1/users/me`,
        tier: 1,
        auth: true,
        retry: 'idempotent',
        expectJson: true,
        what: 'a user',
        size: 'object',
        followRedirects: true,
        signal: options.signal,
      });
      return validateUser(data, 'users/me');
    });
  }

  getUser(userId: string, options: CallOptions = {}): Promise<QlikUser> {
    return this.#guard(async () => {
      const {data} = await this.#get(`/api/v1/users/${checkId(userId, 'user ID')}`, 'a user', options.signal, 'object');
      return validateUser(data, 'user');
    });
  }

  searchUsers(query: string, options: CallOptions & {limit?: number} = {}): Promise<QlikUser[]> {
    const trimmed = typeof query === 'string' ? query.trim() : '';
    return this.listUsers({
      signal: options.signal,
      limit: options.limit ?? 20,
      ...(trimmed === '' ? {} : {filter: userSearchFilter(trimmed)}),
    });
  }

  listUsers(options: CallOptions & {filter?: string; limit?: number; sort?: string} = {}): Promise<QlikUser[]> {
    return this.#guard(async () => {
      let path = `/api/v1/users?limit=${checkLimit(options.limit ?? 20, 100)}`;
      if (options.filter) path += `&filter=${encodeURIComponent(options.filter)}`;
      if (options.sort) path += `&sort=${encodeURIComponent(options.sort)}`;
      const {data} = await this.#get(path, 'a user list', options.signal, 'page');
      return validateUserPage(data);
    });
  }

  listTokens(options: ListTokensOptions = {}): Promise<QlikToken[]> {
    return this.#guard(async () => {
      const limit = checkLimit(options.limit ?? 100, 100);
      const maxPages = options.maxPages ?? DEFAULTS.maxPages;
      let path = `/api/v1/oauth-tokens?limit=${limit}`;
      if (options.userId !== undefined) path += `&userId=${checkId(options.userId, 'user ID')}`;
      let url = new URL(path, this.tenantUrl).href;
      const seen = new Set<string>();
      const collect = options.collect ?? true;
      const all: QlikToken[] = [];
      const strings = new Map<string, string>();
      const intern = (value: string): string => {
        const known = strings.get(value);
        if (known !== undefined) return known;
        strings.set(value, value);
        return value;
      };
      for (let pageIndex = 0; ; pageIndex++) {
        if (pageIndex >= maxPages) {
          throw new QlikError({
            kind: 'protocol',
            message: `the tenant kept returning next pages (more than ${maxPages}); stopped`,
          });
        }
        seen.add(url);
        const {data} = await this.#send({
          method: 'GET',
          url,
          tier: 1,
          auth: true,
          retry: 'idempotent',
          expectJson: true,
          what: 'a token list',
          size: 'page',
          signal: options.signal,
        });
        const page = validateTokenPage(data);
        for (let i = 0; i < page.length; i++) {
          const token = page[i]!;
          // JSON.parse gives every token its own copy of strings that repeat across the tenant
          // (tenant, user, device, description): sharing one copy is ~40% less memory at 100k tokens.
          token.tenantId = intern(token.tenantId);
          token.userId = intern(token.userId);
          if (token.deviceType) token.deviceType = intern(token.deviceType);
          if (token.description) token.description = intern(token.description);
          if (collect) all.push(token);
        }
        options.onPage?.(page, pageIndex);
        const href = nextHref(data);
        if (href === undefined) return all;
        const next = this.#onTenant(href, 'the next-page link');
        if (seen.has(next)) {
          throw new QlikError({
            kind: 'protocol',
            message: `the tenant's next-page link points back to a page already read (page ${pageIndex + 2}); stopped`,
          });
        }
        url = next;
      }
    });
  }

  revokeToken(tokenId: string, options: RevokeOptions = {}): Promise<RevokeResult> {
    return this.#guard(async () => {
      const url = `${this.tenantUrl}/api/v1/oauth-tokens/${checkId(tokenId, 'token ID')}`;
      try {
        await this.#send({
          method: 'DELETE',
          url,
          tier: 2,
          auth: true,
          retry: options.retry === false ? 'none' : 'idempotent',
          expectJson: false,
          what: 'nothing',
          signal: options.signal,
        });
        return 'revoked';
      } catch (error) {
        // Unknown or already revoked: the goal holds. Also what a retry sees when the first DELETE
        // landed but its answer was lost (reset, 503 after the fact).
        if (error instanceof QlikError && error.kind === 'not-found') return 'already-gone';
        throw error;
      }
    });
  }

  blockedUntil(tier: Tier): number {
    return this.#gate.blockedUntil(tier);
  }

  redact(text: string): string {
    // Prepared once per set of secrets: output masks every string of a 100,000-token document.
    const secrets = this.#secrets();
    const key = secrets.join('\u0000');
    if (this.#redactor?.key !== key) this.#redactor = {key, redact: createRedactor(secrets)};
    return this.#redactor.redact(text);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#closing.abort();
    // destroy, not close: close() would wait for a stalled request to time out.
    await this.#agent.destroy();
  }

  async #fetchAccessToken(): Promise<AccessToken> {
    const {data} = await this.#send({
      method: 'POST',
      url: `${this.tenantUrl}/oauth/token`,
      tier: 2,
      auth: false,
      retry: 'token',
      expectJson: true,
      what: 'an access token',
      size: 'object',
      body: tokenRequestBody(this.#credentials),
      context: 'token',
      signal: this.#closing.signal,
    });
    return parseTokenResponse(data, this.#now());
  }

  #get(path: string, what: string, signal: AbortSignal | undefined, size: 'object' | 'page'): Promise<Sent> {
    return this.#send({
      method: 'GET',
      url: `${this.tenantUrl}${path}`,
      tier: 1,
      auth: true,
      retry: 'idempotent',
      expectJson: true,
      what,
      size,
      signal,
    });
  }

  /** `href` resolved against the tenant (or `base`); anything on another origin is refused. */
  #onTenant(href: string, what: string, base = `${this.tenantUrl}/`): string {
    let url: URL;
    try {
      url = new URL(href, base);
    } catch {
      throw new QlikError({kind: 'protocol', message: `${what} from the tenant is not a URL`});
    }
    if (url.origin !== this.tenantUrl) {
      throw new QlikError({
        kind: 'protocol',
        message: `${what} points to another origin (${url.origin}); not followed`,
      });
    }
    url.hash = '';
    return url.href;
  }

  #secrets(): string[] {
    return [this.#credentials.clientSecret, ...this.#tokens.redactable()];
  }

  async #guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.#clean(error);
    }
  }

  /** Every error leaves as a QlikError, and without the client secret or an access token in it. */
  #clean(error: unknown): QlikError {
    const qlik =
      error instanceof QlikError ? error : errorFromException(error, {host: this.#host, timeouts: this.#timeouts});
    const secrets = this.#secrets();
    for (let e: unknown = qlik, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
      try {
        const clean = redact(e.message, secrets);
        if (clean !== e.message) e.message = clean;
        if (e.stack) {
          const stack = redact(e.stack, secrets);
          if (stack !== e.stack) e.stack = stack;
        }
      } catch {
        // A read-only message (DOMException) cannot carry a secret we put there: we never do.
      }
    }
    return qlik;
  }

  #emit(event: ClientEvent): void {
    if (!this.#onEvent) return;
    try {
      this.#onEvent(event);
    } catch {
      // A listener's bug is not the tenant's problem.
    }
  }

  #emitRequest(req: Send, url: string, status: number | undefined, started: number, attempt: number): void {
    if (!this.#onEvent) return;
    this.#emit({
      type: 'request',
      method: req.method,
      path: url.slice(this.tenantUrl.length),
      tier: req.tier,
      status,
      durationMs: performance.now() - started,
      attempt,
    });
  }

  /** The caller's signal, joined with the client's own so that close() also ends waits. */
  #waitSignal(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([signal, this.#closing.signal]) : this.#closing.signal;
  }

  #backoff(attempt: number, signal: AbortSignal | undefined): Promise<void> {
    const ceiling = Math.min(DEFAULTS.maxBackoffMs, this.#backoffMs * 2 ** attempt);
    return sleep(ceiling / 2 + Math.random() * (ceiling / 2), signal);
  }

  #mayRetryFailure(req: Send, error: unknown): boolean {
    if (req.retry === 'none') return false;
    const deadline = error instanceof QlikError && error.code === DEADLINE_CODE;
    if (req.retry === 'token') {
      const code = errorCode(error);
      return (
        !deadline &&
        (isConnectFailure(error) ||
          (isTransientFailure(error) && code !== 'UND_ERR_HEADERS_TIMEOUT' && code !== 'UND_ERR_BODY_TIMEOUT'))
      );
    }
    return deadline || isTransientFailure(error);
  }

  /** The attempt ran out of its total deadline: a timeout, whatever undici made of the abort. */
  #deadlineError(cause: unknown): QlikError {
    return new QlikError({
      kind: 'timeout',
      code: DEADLINE_CODE,
      message: `no complete answer within ${this.#timeouts.total / 1000} s`,
      cause,
    });
  }

  async #send(req: Send): Promise<Sent> {
    const {signal} = req;
    let url = req.url;
    let attempt = 0;
    let failures = 0;
    let rateLimited = 0;
    let rateLimitedMs = 0;
    let renewed = false;
    let redirects = 0;
    for (; ; attempt++) {
      if (this.#closed) throw new QlikError({kind: 'cancelled', message: 'the client was closed'});
      if (signal?.aborted) throw new QlikError({kind: 'cancelled', message: 'cancelled', cause: signal.reason});
      // Checked synchronously first: on the common path (open tier, valid token) a page costs no
      // extra promise.
      if (this.#gate.blockedUntil(req.tier) !== 0)
        await this.#gate.wait(req.tier, this.#maxRateLimitWaitMs - rateLimitedMs, this.#waitSignal(signal));
      const token = req.auth ? (this.#tokens.ready() ?? (await this.#tokens.get({signal}))) : undefined;
      const headers: Record<string, string> = {accept: 'application/json'};
      if (token) headers.authorization = `Bearer ${token.accessToken}`;
      if (req.body !== undefined) headers['content-type'] = 'application/json';

      const started = performance.now();
      const deadline = attemptDeadline(this.#timeouts.total);
      const attemptSignal = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
      let outcome: {sent: Sent} | {retry: true} | {error: unknown};
      try {
        outcome = await this.#attempt(req, url, token, headers, attemptSignal, deadline.fired, {
          started,
          attempt,
          mayRetry: failures < this.#retries,
        });
      } finally {
        deadline.clear();
      }
      if ('sent' in outcome) return outcome.sent;
      if ('error' in outcome) {
        const {error} = outcome;
        if (error instanceof Redirect) {
          if (++redirects > DEFAULTS.maxRedirects)
            throw new QlikError({
              kind: 'protocol',
              status: error.status,
              message: 'the tenant redirected too many times',
            });
          // The Authorization header only ever goes to the tenant's own origin.
          url = this.#onTenant(error.location, `the redirect (HTTP ${error.status})`, url);
          attempt = -1;
          continue;
        }
        if (error instanceof RateLimited) {
          const seconds = error.seconds;
          const blockedUntil = this.#gate.block(req.tier, seconds);
          this.#emit({type: 'rate-limited', tier: req.tier, retryAfterSeconds: seconds, blockedUntil});
          // A ceiling on the whole wait of one call, not only on each Retry-After: a tenant that
          // answers 429 for ever must not hold a DELETE for ten times two minutes.
          rateLimitedMs += seconds * 1000;
          if (rateLimitedMs > this.#maxRateLimitWaitMs || rateLimited >= this.#rateLimitRetries) throw error.qlik;
          rateLimited++;
          continue;
        }
        if (error instanceof Renew) {
          if (!renewed) {
            renewed = true;
            continue;
          }
          throw new QlikError({
            kind: 'auth',
            status: 401,
            message: `HTTP 401 from tenant: a freshly issued access token was rejected`,
          });
        }
        if (this.#closed) throw new QlikError({kind: 'cancelled', message: 'the client was closed', cause: error});
        if (signal?.aborted) throw new QlikError({kind: 'cancelled', message: 'cancelled', cause: error});
        if (failures < this.#retries && this.#mayRetryFailure(req, error)) {
          await this.#backoff(failures++, this.#waitSignal(signal));
          continue;
        }
        throw errorFromException(error, {host: this.#host, timeouts: this.#timeouts});
      }
      // A 5xx worth another try.
      await this.#backoff(failures++, this.#waitSignal(signal));
    }
  }

  /**
   * One request and its whole answer, within the attempt's deadline. Returns the result, or what
   * the loop in #send must do next: retry after a 5xx, or handle a thrown failure (a network
   * error, a deadline, a 401 to renew, a 429 to sit out, a redirect to follow).
   */
  async #attempt(
    req: Send,
    url: string,
    token: AccessToken | undefined,
    headers: Record<string, string>,
    attemptSignal: AbortSignal,
    deadlineFired: () => boolean,
    {started, attempt, mayRetry}: {started: number; attempt: number; mayRetry: boolean},
  ): Promise<{sent: Sent} | {retry: true} | {error: unknown}> {
    const failed = (error: unknown): {error: unknown} => {
      if (error instanceof QlikError) return {error};
      if (deadlineFired() && !req.signal?.aborted) return {error: this.#deadlineError(error)};
      if (req.signal?.aborted || isAbortError(error))
        return {error: new QlikError({kind: 'cancelled', message: 'cancelled', cause: error})};
      return {error};
    };
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        dispatcher: this.#agent,
        method: req.method,
        headers,
        body: req.body,
        signal: attemptSignal,
      });
    } catch (error) {
      this.#emitRequest(req, url, undefined, started, attempt);
      return failed(error);
    }
    const status = response.statusCode;
    this.#emitRequest(req, url, status, started, attempt);
    try {
      if (status >= 200 && status < 300) {
        if (!req.expectJson) {
          await discard(response.body);
          return {sent: {status, data: undefined}};
        }
        const max = DEFAULTS.maxBodyBytes[req.size ?? 'object'];
        // A body that breaks off (reset mid-body, body timeout, deadline) is as retryable as a
        // failed request; one that is too large is not: the next answer would be the same.
        const text = await readBounded(response, max, req.what);
        const contentType = headerValue(response.headers, 'content-type');
        const quote = req.context !== 'token';
        const secrets = this.#secrets();
        if (text === '') throw unexpectedBody(status, text, contentType, req.what, {quote, secrets});
        try {
          return {sent: {status, data: JSON.parse(text)}};
        } catch {
          throw unexpectedBody(status, text, contentType, req.what, {quote, secrets});
        }
      }

      if (status === 401 && token) {
        await discard(response.body);
        await this.#tokens.invalidate(token.accessToken);
        // The access token expired or was revoked: one new token, one more try.
        return {error: new Renew()};
      }

      if (status === 429) {
        const text = await readCapped(response.body);
        // Qlik sends whole seconds >= 1; a proxy's "0" must not turn the retries into a burst.
        const seconds = Math.max(
          1,
          parseRetryAfter(headerValue(response.headers, 'retry-after')) ?? DEFAULTS.retryAfterFallbackSeconds,
        );
        const error = errorFromResponse({
          status,
          headers: response.headers,
          body: text,
          context: req.context,
          secrets: this.#secrets(),
        });
        return {
          error: new RateLimited(
            seconds,
            new QlikError({
              kind: 'rate-limited',
              status,
              code: error.code,
              traceId: error.traceId,
              retryAfter: seconds,
              message: `rate limit of tier ${req.tier} reached: ${error.message}`,
            }),
          ),
        };
      }

      if (REDIRECT.has(status) && req.followRedirects) {
        await discard(response.body);
        const location = headerValue(response.headers, 'location');
        if (!location)
          throw new QlikError({
            kind: 'protocol',
            status,
            message: `HTTP ${status} from tenant without a Location header`,
          });
        return {error: new Redirect(status, location)};
      }

      if (status >= 500 && req.retry !== 'none' && mayRetry) {
        await discard(response.body);
        return {retry: true};
      }

      return {error: await this.#failure(response, req)};
    } catch (error) {
      response.body.destroy();
      return failed(error);
    }
  }

  async #failure(response: Dispatcher.ResponseData, req: Send): Promise<QlikError> {
    const text = await readCapped(response.body);
    return errorFromResponse({
      status: response.statusCode,
      headers: response.headers,
      body: text,
      context: req.context,
      secrets: this.#secrets(),
    });
  }
}

/** #attempt's signals to #send's loop: not failures, but what to do next. */
class Redirect {
  constructor(
    readonly status: number,
    readonly location: string,
  ) {}
}
class Renew {}
class RateLimited {
  constructor(
    readonly seconds: number,
    readonly qlik: QlikError,
  ) {}
}

/** A client for one tenant and one set of credentials. Call close() when done. */
export function createQlikClient(credentials: Credentials, options?: ClientOptions): QlikApi {
  return new QlikClient(credentials, options);
}
