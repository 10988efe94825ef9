// The package's main export (`import {createQlikClient, revokeUserTokens} from 'qlik-tokens'`):
// the client and the revocation engine the CLI uses, for a program such as a web app's logout hook.
// It loads neither React, Ink nor conf: only source/qlik (on undici) and source/revoke.
//
//   const client = createQlikClient({tenantUrl, clientId, clientSecret});
//   const {revoked, alreadyGone, failed} = await revokeUserTokens(client, userId);
//
// Same pacing, retries and checks as `qlik-tokens tokens revoke --user U --all`: one sliding-window
// limiter per client (every run on a client shares it, so concurrent logouts together stay within
// tier 2), a DELETE only for tokens whose userId is the user's, 5xx/resets retried, a 404 counted
// as already gone. No audit log unless `auditLog` names a file (then the CLI's write-ahead format,
// readable with `qlik-tokens audit` when it is the tool's own file).
import {createQlikClient as createClient} from '../qlik/client.js';
import type {ClientOptions, Credentials, QlikApi} from '../qlik/types.js';
import {revokeTokens, type RevokeEvent} from '../revoke/engine.js';
import {SlidingWindowLimiter, TIER2_LIMIT} from '../revoke/rate-limiter.js';

export {QlikError, isQlikError, type QlikErrorKind} from '../qlik/errors.js';
export {AuditUnavailableError} from '../revoke/audit.js';
export type {ClientOptions, Credentials, QlikApi, QlikToken, QlikUser, TokenCache, AccessToken} from '../qlik/types.js';

// One limiter per client: tier 2 is counted per OAuth client and tenant, whichever run spends it.
const limiters = new WeakMap<QlikApi, SlidingWindowLimiter>();

/** A Qlik Cloud client: whoami, searchUsers, listTokens, revokeToken (and the rest of QlikApi). */
export type QlikClient = QlikApi;

export type LibraryClientOptions = ClientOptions & {
  /**
   * The tier-2 budget revokeUserTokens paces this client's DELETEs to, all runs together. Default
   * Qlik's announced 100 a minute over a 5-minute window: `{limit: 500, windowMs: 300_000}`.
   */
  tier2?: {limit: number; windowMs: number};
};

/**
 * A client for one tenant with an M2M OAuth client's credentials (scope defaults to
 * `admin_classic`, which may manage every user's tokens). Reuse one for the life of the process:
 * it keeps its access token in memory and its connections open. Call close() at shutdown.
 */
export function createQlikClient(credentials: Credentials, options: LibraryClientOptions = {}): QlikClient {
  const {tier2, ...clientOptions} = options;
  const client = createClient(credentials, clientOptions);
  if (tier2) limiters.set(client, newLimiter(client, tier2));
  return client;
}

export type RevokeProgress = {
  tokenId: string;
  outcome: 'revoked' | 'already-gone' | 'failed';
  /** Tokens settled so far, this one included, of `total`. */
  done: number;
  total: number;
};

export type RevokeUserTokensOptions = {
  /** Aborting stops new DELETEs; those in flight finish (up to 10 s); untried tokens are `failed`. */
  signal?: AbortSignal;
  /** Called once per token, after its outcome is known (and, with auditLog, on disk). */
  onProgress?: (progress: RevokeProgress) => void;
  /**
   * Parallel DELETEs. Default: adaptive, from the tenant's measured latency (as the CLI), within
   * the tier-2 budget either way.
   */
  concurrency?: number;
  /**
   * A JSON Lines file to record every intent and outcome in, before it is reported (the CLI's audit
   * log format). Default: none. If given and it cannot be written, nothing is revoked (the promise
   * rejects with AuditUnavailableError).
   */
  auditLog?: string;
};

export type RevokeUserTokensResult = {
  /** Tokens the tenant answered 204 for. */
  revoked: string[];
  /** Tokens that were gone by the time their DELETE arrived (404): the goal holds. */
  alreadyGone: string[];
  /** Tokens not revoked: refused (403), kept failing (5xx, network), or never tried (cancelled). */
  failed: Array<{id: string; error: string}>;
  /** Tokens of the user that appeared while the run went on (a live session minting): not revoked. */
  minted: string[];
  /** The signal was aborted before every token was tried. */
  cancelled: boolean;
};

function newLimiter(client: QlikApi, rate: {limit: number; windowMs: number}): SlidingWindowLimiter {
  return new SlidingWindowLimiter({limit: rate.limit, windowMs: rate.windowMs, gate: () => client.blockedUntil(2)});
}

function limiterFor(client: QlikApi): SlidingWindowLimiter {
  let limiter = limiters.get(client);
  if (!limiter) {
    limiter = newLimiter(client, TIER2_LIMIT);
    limiters.set(client, limiter);
  }
  return limiter;
}

/**
 * Revokes every OAuth token of `userId`. Rejects (a QlikError) only when nothing could be tried:
 * bad credentials, a missing scope, an unreachable tenant, or the listing failing; every later
 * problem is a token in `failed`.
 */
export async function revokeUserTokens(
  client: QlikClient,
  userId: string,
  options: RevokeUserTokensOptions = {},
): Promise<RevokeUserTokensResult> {
  if (typeof userId !== 'string' || userId.trim() === '') throw new TypeError('revokeUserTokens needs a user ID');
  const {onProgress} = options;
  const result = await revokeTokens({
    client,
    userId: userId.trim(),
    all: true,
    audit: options.auditLog === undefined ? false : {profile: 'library', file: options.auditLog},
    limiter: limiterFor(client),
    ...(options.concurrency === undefined ? {} : {concurrency: options.concurrency}),
    ...(options.signal ? {signal: options.signal} : {}),
    onEvent: (event: RevokeEvent) => {
      if (event.type !== 'outcome' || !onProgress) return;
      const {outcome} = event.outcome;
      onProgress({
        tokenId: event.outcome.tokenId,
        outcome: outcome === 'revoked' || outcome === 'already-gone' ? outcome : 'failed',
        done: event.done,
        total: event.total,
      });
    },
  });
  const out: RevokeUserTokensResult = {
    revoked: [],
    alreadyGone: [],
    failed: [],
    minted: (result.newTokens ?? []).map((t) => t.id),
    cancelled: result.cancelled,
  };
  for (const o of result.outcomes) {
    if (o.outcome === 'revoked') out.revoked.push(o.tokenId);
    else if (o.outcome === 'already-gone' || o.outcome === 'not-found') out.alreadyGone.push(o.tokenId);
    else out.failed.push({id: o.tokenId, error: o.error?.message ?? `not revoked (${o.outcome})`});
  }
  return out;
}
