// Wire types of the Qlik Cloud endpoints this tool uses (see shared qlik-cloud-api.md).
// Shared with the simulator as types only: no code crosses the wire boundary.

export type QlikUser = {
  id: string;
  subject: string;
  name: string;
  tenantId: string;
  email?: string | null;
  status?: 'active' | 'invited' | 'disabled' | 'deleted' | 'provisioned' | string;
  clientId?: string | null;
  assignedRoles?: Array<{id: string; name: string; type?: string; level?: string}>;
  createdAt?: string;
  lastUpdatedAt?: string;
  links?: {self?: {href?: string}};
};

export type QlikToken = {
  id: string;
  userId: string;
  tenantId: string;
  description?: string | null;
  deviceType?: string | null;
  /** ISO date-time, may be null or absent. */
  lastUsed?: string | null;
  clientId?: string | null;
};

export type Link = {href?: string | null} | null | undefined;

export type ListResponse<T> = {
  data: T[];
  links?: {self?: Link; next?: Link; prev?: Link};
  totalResults?: number;
};

/** What the client needs to act on a tenant. It knows nothing of profiles. */
export type Credentials = {
  tenantUrl: string;
  clientId: string;
  clientSecret: string;
  /** Default `admin_classic`. */
  scope?: string;
};

export type AccessToken = {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  scope?: string;
  /** Epoch ms at which it was requested: with expiresAt, its lifetime (the renewal margin is a tenth of it). */
  issuedAt?: number;
  /** The tenant origin and client ID it was issued for. A cached token without both, or with others, is never sent. */
  tenantUrl?: string;
  clientId?: string;
};

/** Lets a caller persist the access token between runs (reuse saves a tier-2 request). */
export type TokenCache = {
  load(): AccessToken | undefined | Promise<AccessToken | undefined>;
  save(token: AccessToken | undefined): void | Promise<void>;
};

/** Rate-limit tiers of Qlik Cloud: tier 1 = 1,000/min (GETs), tier 2 = 100/min (token, DELETE). */
export type Tier = 1 | 2;

export type RevokeResult = 'revoked' | 'already-gone';

export type CallOptions = {signal?: AbortSignal};

/** Observability hook: counts requests for budgets/benchmarks, surfaces throttling to the UI. */
export type ClientEvent =
  | {
      type: 'request';
      method: string;
      path: string;
      tier: Tier;
      status: number | undefined;
      durationMs: number;
      attempt: number;
    }
  | {type: 'rate-limited'; tier: Tier; retryAfterSeconds: number; blockedUntil: number}
  | {type: 'access-token'; source: 'cache' | 'fetched'};

export type ClientOptions = {
  tokenCache?: TokenCache;
  onEvent?: (event: ClientEvent) => void;
  /**
   * Milliseconds. connect, headers and body are idle timers (defaults 10 s, 30 s, 30 s); total is
   * each attempt's whole deadline, from sending it to the last byte of the answer (default 30 s):
   * a trickled body or endless `103 Early Hints` end there, as a timeout, retried like one.
   */
  timeouts?: {connect?: number; headers?: number; body?: number; total?: number};
  /** Retries for 5xx / resets / timeouts on idempotent calls. Default 3. */
  retries?: number;
  /** Base of the jittered exponential backoff, ms. Default 250. */
  backoffMs?: number;
  /** Longest a call waits for a Retry-After before failing as rate-limited, ms. Default 120000. */
  maxRateLimitWaitMs?: number;
  /** How many 429s one call sits out (each waiting for its Retry-After) before failing. Default 10. */
  rateLimitRetries?: number;
  /** The clock access-token lifetimes are reckoned by (tests move it). Default Date.now. */
  now?: () => number;
};

export type ListTokensOptions = CallOptions & {
  userId?: string;
  /** Page size, 1..100. Default 100. */
  limit?: number;
  /** Called with each page as it arrives (progressive UI). */
  onPage?: (page: QlikToken[], pageIndex: number) => void;
  /**
   * False: the pages go to `onPage` only and the call resolves to an empty array. For a caller that
   * keeps its own merge of the pages: the parsed objects it does not keep then die young. Default true.
   */
  collect?: boolean;
  /** Guard against a tenant that never stops paging. Default 10,000 pages. */
  maxPages?: number;
};

export type RevokeOptions = CallOptions & {
  /** Retry on 5xx/reset/timeout (a retry answered 404 means our first DELETE landed). Default true. */
  retry?: boolean;
};

/** The Qlik Cloud REST client (source/qlik/client.ts implements it). */
export interface QlikApi {
  /** The normalised origin, e.g. https://t.eu.qlikcloud.com */
  readonly tenantUrl: string;
  readonly clientId: string;
  getAccessToken(options?: CallOptions & {forceRefresh?: boolean}): Promise<AccessToken>;
  /** GET /users/me, following the 301. */
  whoami(options?: CallOptions): Promise<QlikUser>;
  getUser(userId: string, options?: CallOptions): Promise<QlikUser>;
  /** name/email/subject contains `query`, or id equals it. SCIM filter built safely. */
  searchUsers(query: string, options?: CallOptions & {limit?: number}): Promise<QlikUser[]>;
  /** Raw list with a caller-built SCIM filter (use scimString() for values). One page of `limit`. */
  listUsers(options?: CallOptions & {filter?: string; limit?: number; sort?: string}): Promise<QlikUser[]>;
  /** Follows links.next.href through every page. */
  listTokens(options?: ListTokensOptions): Promise<QlikToken[]>;
  /** 204 → 'revoked', 404 → 'already-gone'. */
  revokeToken(tokenId: string, options?: RevokeOptions): Promise<RevokeResult>;
  /** Epoch ms until which a tier is blocked by a 429, or 0. */
  blockedUntil(tier: Tier): number;
  /**
   * `text` with every 8-character piece of the client secret, and of each access token this client
   * has held, masked as `***`: for output built from what a tenant sent (it may quote them).
   */
  redact(text: string): string;
  close(): Promise<void>;
}
