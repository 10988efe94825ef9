// The access token of an M2M client (POST /oauth/token, client_credentials). It costs a tier-2
// request, the same budget revocations spend, so it is reused until shortly before it expires,
// shared by concurrent callers, and optionally persisted between runs through a TokenCache.
import {QlikError} from './errors.js';
import type {AccessToken, ClientEvent, Credentials, TokenCache} from './types.js';

/** Renew at most this long before expiry; a short-lived token, a tenth of its lifetime before (see refreshMargin). */
export const REFRESH_MARGIN_MS = 60_000;

/**
 * How long before expiry a token of `lifetimeMs` is renewed: `min(60 s, lifetime / 10)`. A 6-hour
 * token is used for 5 h 59 min; a 60-second one (a tenant configured for short tokens) for 54 s,
 * from memory and from the cache alike. Unknown or negative lifetimes renew at once.
 */
export function refreshMargin(lifetimeMs: number): number {
  if (!Number.isFinite(lifetimeMs) || lifetimeMs <= 0) return Number.POSITIVE_INFINITY;
  return Math.min(REFRESH_MARGIN_MS, lifetimeMs / 10);
}
/** When the tenant states no lifetime at all: assume a short one and rely on the 401. */
export const ASSUMED_LIFETIME_MS = 5 * 60_000;

export const DEFAULT_SCOPE = 'admin_classic';

/** The JSON body of POST /oauth/token. The client secret lives only here, never in a URL or header. */
export function tokenRequestBody(credentials: Credentials): string {
  return JSON.stringify({
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    grant_type: 'client_credentials',
    scope: credentials.scope ?? DEFAULT_SCOPE,
  });
}

/**
 * Reads a token response. The spec lists `expires_at` only; the tutorial's real answer has both
 * `expires_in` and `expires_at`. `expires_in` wins when present: it is immune to clock skew.
 */
export function parseTokenResponse(body: unknown, now = Date.now()): AccessToken {
  const obj = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const accessToken = obj.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new QlikError({
      kind: 'protocol',
      status: 200,
      message: 'HTTP 200 from tenant: the token response has no access_token',
    });
  }
  const tokenType = obj.token_type;
  if (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer') {
    throw new QlikError({
      kind: 'protocol',
      status: 200,
      message: `HTTP 200 from tenant: unsupported token_type (expected bearer)`,
    });
  }
  let expiresAt: number | undefined;
  const expiresIn = typeof obj.expires_in === 'string' ? Number(obj.expires_in) : obj.expires_in;
  if (typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0) {
    expiresAt = now + expiresIn * 1000;
  } else if (typeof obj.expires_at === 'string') {
    const at = Date.parse(obj.expires_at);
    if (!Number.isNaN(at)) expiresAt = at;
  }
  return {
    accessToken,
    expiresAt: expiresAt ?? now + ASSUMED_LIFETIME_MS,
    ...(typeof obj.scope === 'string' ? {scope: obj.scope} : {}),
  };
}

export type AccessTokenSourceOptions = {
  /** Performs the POST (through the client's retry and rate-limit machinery). */
  fetch: () => Promise<AccessToken>;
  cache?: TokenCache;
  /**
   * The tenant and client a token is for. A fetched token is stamped with them; a cached token
   * that is not stamped with exactly these is never used (a hand-edited profile must not send the
   * old tenant's token to a new host).
   */
  binding: {tenantUrl: string; clientId: string};
  onEvent?: (event: ClientEvent) => void;
  now?: () => number;
};

function abortReason(signal: AbortSignal): QlikError {
  return new QlikError({kind: 'cancelled', message: 'cancelled', cause: signal.reason});
}

/** Waits for `promise`, or rejects as cancelled when `signal` fires (the promise itself goes on). */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, {once: true});
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export class AccessTokenSource {
  readonly #options: AccessTokenSourceOptions;
  readonly #now: () => number;
  #current: AccessToken | undefined;
  /** Tokens this source held before the current one, newest last: still masked in error messages. */
  readonly #retired: string[] = [];
  #refreshAt = 0;
  #cacheLoaded = false;
  #inFlight: Promise<AccessToken> | undefined;

  constructor(options: AccessTokenSourceOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** The token in memory, if any. */
  get current(): AccessToken | undefined {
    return this.#current;
  }

  /**
   * Every access token this source has held (the current one and a few before it), for redaction:
   * a tenant or a proxy may still quote a token after a 401 replaced it.
   */
  redactable(): string[] {
    return this.#current ? [...this.#retired, this.#current.accessToken] : [...this.#retired];
  }

  #retire(token: AccessToken | undefined): void {
    if (!token || this.#retired.includes(token.accessToken)) return;
    this.#retired.push(token.accessToken);
    if (this.#retired.length > 4) this.#retired.shift();
  }

  /** The token in memory if it is still good to use, without waiting for anything. */
  ready(): AccessToken | undefined {
    return this.#current && this.#now() < this.#refreshAt ? this.#current : undefined;
  }

  /**
   * A usable access token: the one in memory, else the cached one, else a new one. Concurrent
   * callers share one request; a caller's abort only abandons its own wait.
   */
  get(options: {signal?: AbortSignal; forceRefresh?: boolean} = {}): Promise<AccessToken> {
    if (!options.forceRefresh && this.#current && this.#now() < this.#refreshAt) return Promise.resolve(this.#current);
    if (!this.#inFlight) {
      const flight = this.#obtain(options.forceRefresh === true);
      this.#inFlight = flight;
      // Nobody may be left waiting on it (all callers aborted): never an unhandled rejection.
      flight.then(
        () => this.#settle(flight),
        () => this.#settle(flight),
      );
    }
    return raceAbort(this.#inFlight, options.signal);
  }

  /** After a 401: forget `rejected` (and the cached copy) unless a newer token already replaced it. */
  async invalidate(rejected: string): Promise<void> {
    if (this.#current?.accessToken !== rejected) return;
    this.#retire(this.#current);
    this.#current = undefined;
    this.#refreshAt = 0;
    await this.#save(undefined);
  }

  #settle(flight: Promise<AccessToken>): void {
    if (this.#inFlight === flight) this.#inFlight = undefined;
  }

  async #obtain(forceRefresh: boolean): Promise<AccessToken> {
    if (!forceRefresh && !this.#cacheLoaded && this.#options.cache) {
      this.#cacheLoaded = true;
      let cached: AccessToken | undefined;
      try {
        cached = await this.#options.cache.load();
      } catch {
        // A broken cache only costs a token request.
        cached = undefined;
      }
      if (
        cached &&
        typeof cached.accessToken === 'string' &&
        cached.accessToken !== '' &&
        typeof cached.expiresAt === 'number' &&
        typeof cached.issuedAt === 'number' &&
        cached.tenantUrl === this.#options.binding.tenantUrl &&
        cached.clientId === this.#options.binding.clientId
      ) {
        const refreshAt = cached.expiresAt - refreshMargin(cached.expiresAt - cached.issuedAt);
        if (this.#now() < refreshAt) {
          this.#retire(this.#current);
          this.#current = cached;
          this.#refreshAt = refreshAt;
          this.#emit({type: 'access-token', source: 'cache'});
          return cached;
        }
      }
    }
    this.#cacheLoaded = true;
    const issuedAt = this.#now();
    const token: AccessToken = {...(await this.#options.fetch()), issuedAt, ...this.#options.binding};
    if (this.#current?.accessToken !== token.accessToken) this.#retire(this.#current);
    this.#current = token;
    this.#refreshAt = token.expiresAt - refreshMargin(token.expiresAt - issuedAt);
    this.#emit({type: 'access-token', source: 'fetched'});
    await this.#save(token);
    return token;
  }

  async #save(token: AccessToken | undefined): Promise<void> {
    if (!this.#options.cache) return;
    try {
      await this.#options.cache.save(token);
    } catch {
      // The cache is an optimisation; failing to write it must not fail the call.
    }
  }

  #emit(event: ClientEvent): void {
    try {
      this.#options.onEvent?.(event);
    } catch {
      // A listener's bug is not the tenant's problem.
    }
  }
}
