// Containment that outlasts the attacker: after a bulk revocation, a live session at the identity
// provider mints new tokens within seconds. The watch keeps listing the user and revokes every new
// token as it appears, through the same engine as the bulk run (intent in the audit log before each
// DELETE, the owner checked against the user, every outcome recorded), until the duration ends or
// the signal fires.
//
// Budget. Listing is tier 1 (1,000 requests a minute, shared with everything else the operator's
// client does): the watch spends at most a tenth of it, a listing every 3 s for a user whose tokens
// fit one page, slower for a user with many pages (each page is a request). Revocations are tier 2
// and go through one limiter for the whole watch, so many small runs add up to one budget.
import {isQlikError, type QlikErrorKind} from '../qlik/errors.js';
import type {QlikApi, QlikToken} from '../qlik/types.js';
import {AuditUnavailableError} from './audit.js';
import {systemClock, type Clock} from './clock.js';
import {
  countOutcomes,
  revokeTokens,
  type ForeignToken,
  type RevokeCounts,
  type RevokeOptions,
  type TokenOutcome,
} from './engine.js';
import {SlidingWindowLimiter, TIER2_LIMIT} from './rate-limiter.js';

/** A listing every 3 s: a token minted now lives 1.5 s on average before its DELETE goes out. */
export const DEFAULT_WATCH_INTERVAL_MS = 3000;

/** Tier-1 requests a minute the watch may spend on listing: a tenth of Qlik's 1,000. */
export const WATCH_LIST_BUDGET_PER_MINUTE = 100;

/** After a listing failed (network, 5xx), the next try waits this long, doubling up to the ceiling. */
const LIST_RETRY_MS = 3000;
const LIST_RETRY_CEILING_MS = 30_000;

/** How long between listings for a user whose tokens take `pages` pages. */
export function watchInterval(pages: number, baseMs = DEFAULT_WATCH_INTERVAL_MS): number {
  return Math.max(baseMs, Math.ceil((Math.max(1, pages) * 60_000) / WATCH_LIST_BUDGET_PER_MINUTE));
}

/** A revocation of the watch: the token, found at `foundAt` (epoch ms) by a listing. */
export type WatchOutcome = TokenOutcome & {foundAt: number};

export type WatchStop = {kind: QlikErrorKind | 'audit'; message: string};

export type WatchResult = {
  userId: string;
  /** Every token found while watching, in the order found, with its outcome. */
  outcomes: WatchOutcome[];
  counts: RevokeCounts;
  /** Listings made. */
  polls: number;
  /** Listings that failed (network, 5xx, 429 held too long); the watch went on. */
  listFailures: number;
  /** Why it ended: the duration ran out, the signal fired, or it could not go on (auth, audit). */
  endedBy: 'duration' | 'cancelled' | 'stopped';
  stopped?: WatchStop;
  /**
   * The user's tokens as of the last listing, less those revoked after it: what the user still
   * holds. Undefined when no listing ever succeeded.
   */
  remaining?: QlikToken[];
  /** Tokens of other users the tenant returned for this user: never touched. */
  foreign: ForeignToken[];
  durationMs: number;
};

export type WatchEvent =
  | {type: 'started'; userId: string; endsAt: number; intervalMs: number}
  /** A listing answered: `held` tokens of the user (new ones included), the next listing at `nextAt`. */
  | {type: 'listed'; at: number; held: number; pages: number; nextAt: number; intervalMs: number}
  /** New tokens of the user, about to be revoked. */
  | {type: 'found'; tokens: QlikToken[]; at: number}
  | {type: 'outcome'; outcome: WatchOutcome}
  | {type: 'list-failed'; error: {kind: string; message: string}; retryAt: number}
  /** The tenant's 429 holds the revocations until `until`. */
  | {type: 'rate-limited'; until: number}
  | {type: 'done'; result: WatchResult};

export type WatchOptions = {
  client: QlikApi;
  userId: string;
  durationMs: number;
  audit: {profile: string; file?: string};
  /**
   * Token IDs already dealt with (the bulk run's): never revoked again by the watch. One the bulk
   * run failed on stays in `remaining`, so the watch does not send it a DELETE every 3 s.
   */
  known?: Iterable<string>;
  /** The shortest time between listings. Default 3 s. */
  intervalMs?: number;
  clock?: Clock;
  signal?: AbortSignal;
  onEvent?: (event: WatchEvent) => void;
  /** Passed to each revocation run (tests and benchmarks). */
  revoke?: Pick<RevokeOptions, 'concurrency' | 'retries' | 'backoffMs' | 'inFlightGraceMs' | 'rate' | 'rateMarginMs'>;
};

/**
 * Watches `userId` for `durationMs` and revokes every new token. Never throws: what stopped it is in
 * the result (an authentication failure or an audit log that cannot be written ends it early).
 */
export async function watchUserTokens(options: WatchOptions): Promise<WatchResult> {
  const {client, userId, signal} = options;
  const clock = options.clock ?? systemClock;
  const emit = (event: WatchEvent) => options.onEvent?.(event);
  const startedAt = clock.now();
  const endsAt = startedAt + Math.max(0, options.durationMs);
  const baseInterval = Math.max(1, options.intervalMs ?? DEFAULT_WATCH_INTERVAL_MS);
  const handled = new Set(options.known ?? []);
  const limiter = new SlidingWindowLimiter({
    ...(options.revoke?.rate ?? TIER2_LIMIT),
    marginMs: options.revoke?.rateMarginMs,
    gate: () => client.blockedUntil(2),
    clock,
  });
  const outcomes: WatchOutcome[] = [];
  const foreign = new Map<string, ForeignToken>();
  let held: QlikToken[] | undefined;
  let polls = 0;
  let listFailures = 0;
  let interval = baseInterval;
  let retryMs = LIST_RETRY_MS;
  let stopped: WatchStop | undefined;

  emit({type: 'started', userId, endsAt, intervalMs: baseInterval});

  /** One listing and the revocation of what it found; the time to wait before the next one. */
  const poll = async (): Promise<number> => {
    let pages = 0;
    let listed: QlikToken[];
    try {
      listed = await client.listTokens({userId, signal, onPage: () => pages++});
    } catch (error) {
      if (signal?.aborted) return 0;
      const kind = isQlikError(error) ? error.kind : 'network';
      if (kind === 'auth' || kind === 'forbidden') {
        stopped = {kind, message: messageOf(error)};
        return 0;
      }
      listFailures++;
      const wait = retryMs;
      retryMs = Math.min(LIST_RETRY_CEILING_MS, retryMs * 2);
      emit({type: 'list-failed', error: {kind, message: messageOf(error)}, retryAt: clock.now() + wait});
      return wait;
    }
    polls++;
    retryMs = LIST_RETRY_MS;
    const at = clock.now();
    const mine: QlikToken[] = [];
    for (const token of listed) {
      if (token.userId === userId) mine.push(token);
      else foreign.set(token.id, {tokenId: token.id, userId: token.userId});
    }
    held = mine;
    interval = watchInterval(pages, baseInterval);
    emit({type: 'listed', at, held: mine.length, pages, nextAt: at + interval, intervalMs: interval});
    const fresh = mine.filter((token) => !handled.has(token.id));
    if (fresh.length === 0) return interval;
    for (const token of fresh) handled.add(token.id);
    emit({type: 'found', tokens: fresh, at});
    try {
      const run = await revokeTokens({
        ...options.revoke,
        client,
        audit: options.audit,
        clock,
        limiter,
        signal,
        // The listing asked for this user: the engine sends nothing for a ref of another owner.
        tokenIds: fresh.map((token) => ({id: token.id, userId: token.userId})),
        expectUserId: userId,
        origin: 'listing',
        onEvent: (event) => {
          if (event.type === 'outcome') {
            const outcome: WatchOutcome = {...event.outcome, foundAt: at};
            outcomes.push(outcome);
            emit({type: 'outcome', outcome});
          } else if (event.type === 'rate-limited') emit({type: 'rate-limited', until: event.until});
        },
      });
      if (run.stopped) stopped = run.stopped;
    } catch (error) {
      if (!signal?.aborted)
        stopped =
          error instanceof AuditUnavailableError
            ? {kind: 'audit', message: error.message}
            : {kind: isQlikError(error) ? error.kind : 'network', message: messageOf(error)};
    }
    // Tokens the run never reached (cancelled, stopped) are accounted for too, untouched.
    const reached = new Set(outcomes.map((o) => o.tokenId));
    for (const token of fresh) {
      if (reached.has(token.id)) continue;
      const why = stopped ?? {
        kind: 'cancelled' as const,
        message: 'the watch was cancelled before this token was tried',
      };
      outcomes.push({tokenId: token.id, userId, outcome: 'not-tried', attempts: 0, error: why, foundAt: at});
    }
    const gone = new Set(
      outcomes.filter((o) => o.outcome === 'revoked' || o.outcome === 'already-gone').map((o) => o.tokenId),
    );
    held = mine.filter((token) => !gone.has(token.id));
    // The wait counts from the listing: revoking took some of it already.
    return Math.max(0, at + interval - clock.now());
  };

  for (;;) {
    const wait = await poll();
    if (stopped || signal?.aborted) break;
    const now = clock.now();
    if (now >= endsAt) break;
    try {
      // The last listing is at the end of the duration: a token minted in its last seconds is caught too.
      await clock.sleep(Math.min(wait, endsAt - now), signal);
    } catch {
      break;
    }
  }

  const result: WatchResult = {
    userId,
    outcomes,
    counts: countOutcomes(outcomes),
    polls,
    listFailures,
    endedBy: stopped ? 'stopped' : signal?.aborted ? 'cancelled' : 'duration',
    foreign: [...foreign.values()],
    durationMs: Math.round(clock.now() - startedAt),
  };
  if (stopped) result.stopped = stopped;
  if (held) result.remaining = held;
  emit({type: 'done', result});
  return result;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
