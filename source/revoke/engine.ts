// Revokes many tokens as fast as the tenant allows and accounts for every one of them.
//
// Rules (issues 5, 11, 12):
// - a token is `revoked` only when the tenant answered 204; a 404 is `already-gone` when the token
//   was listed (it went meanwhile) or when an earlier attempt of ours may have landed (its answer
//   was lost, the retry meets 404), and `not-found` when an ID the operator typed meets 404 on its
//   first attempt: the tenant does not know it (a typo is no success);
// - the audit log is a write-ahead log: the intent to revoke a token is on disk before its DELETE
//   goes out, its outcome before anyone is told; a run that cannot write a line sends no further
//   DELETE;
// - a user-scoped run only ever sends DELETEs for tokens whose userId is that user: a tenant (or a
//   proxy dropping the query string) that ignores the filter cannot make it revoke other users'
//   tokens; what it returned of others is reported, never touched;
// - every DELETE, retries included, goes through one sliding-window limiter, so the tenant never
//   refuses a request for exceeding the limit it announced; after a 429 nobody sends until the
//   Retry-After has passed;
// - every outcome is on disk in the audit log before anyone is told about it;
// - cancelling stops new requests, lets the ones in flight finish (for a bounded grace period) and
//   lists the tokens never tried.
import {isQlikError, type QlikErrorKind} from '../qlik/errors.js';
import type {QlikApi, QlikToken} from '../qlik/types.js';
import {openAuditLog, readAudit, unsettled, type AuditLog} from './audit.js';
import {systemClock, type Clock} from './clock.js';
import {AdaptiveConcurrency, fixedConcurrency, type Concurrency, type ConcurrencyOptions} from './concurrency.js';
import {SlidingWindowLimiter, TIER2_LIMIT, type RateLimit, type Slot} from './rate-limiter.js';

export type Outcome = 'revoked' | 'already-gone' | 'not-found' | 'failed' | 'not-tried';

export type TokenOutcome = {
  tokenId: string;
  userId?: string;
  outcome: Outcome;
  /** HTTP status of the last answer: 204, 404, 403, 500, ... Absent when none arrived. */
  status?: number;
  /** Why a token failed (or, for `not-tried`, why the run stopped before it). */
  error?: {kind: QlikErrorKind | 'audit'; message: string};
  /** DELETE requests sent for this token (retries included). */
  attempts: number;
};

export type RevokeCounts = Record<Outcome, number> & {total: number};

/** A token the run was given or listed that is not the expected user's. Never sent. */
export type ForeignToken = {tokenId: string; userId: string | null};

export type RevokeResult = {
  /** One per token, in the order given (or listed); the expected user's only (see foreign). */
  outcomes: TokenOutcome[];
  /**
   * Tokens of other users (or of no stated user) in a user-scoped run: the tenant returned them
   * although the listing asked for one user, or the caller's refs (expectUserId) named another
   * owner. None was sent a DELETE; a UI must say so — the tenant is not to be trusted.
   */
  foreign: ForeignToken[];
  /** Token IDs given more than once, or blank, and dropped (runs on given IDs). */
  dropped: number;
  /** Bulk runs: outcomes earlier runs left unknown for this user, settled by this run's listing. */
  settled?: {revoked: string[]; notRevoked: string[]};
  /** Bulk runs only: the user whose tokens were revoked. */
  userId?: string;
  /** Bulk runs only: tokens of the user that appeared while we were revoking. */
  newTokens?: QlikToken[];
  /** Bulk runs only: why the closing re-listing failed, if it did. */
  relistError?: {kind: string; message: string};
  cancelled: boolean;
  /** The most DELETEs that were in flight at once (the adaptive concurrency's peak). */
  peakInFlight?: number;
  /** The run stopped itself: every later request would have failed (auth) or gone unrecorded (audit). */
  stopped?: {kind: QlikErrorKind | 'audit'; message: string};
  durationMs: number;
  counts: RevokeCounts;
};

export type RevokeEvent =
  | {type: 'started'; total: number; userId?: string; foreign: number}
  | {type: 'outcome'; outcome: TokenOutcome; done: number; total: number}
  /** Every worker holds until `until` (epoch ms): the tenant answered 429. */
  | {type: 'rate-limited'; waitMs: number; until: number}
  /** Our own pacing holds the next request until `until`: the announced budget is spent (after a
   * burst of 500, Qlik's 5-minute window opens again only minutes later). Said, so a run never
   * looks stalled. */
  | {type: 'paced'; waitMs: number; until: number}
  /** Bulk runs: listing the user's tokens again, to find any minted meanwhile. */
  | {type: 'checking-new-tokens'}
  | {type: 'done'; result: RevokeResult};

/** A token to revoke: its ID, or its ID and owner (recorded in the audit log, checked by expectUserId). */
export type TokenRef = string | {id: string; userId?: string};

export type RevokeOptions = {
  client: QlikApi;
  /**
   * Audit context. The log is opened before anything else; if it cannot be, nothing is revoked.
   * `false`: no log at all (the library's default: a web app keeps its own records); the run then
   * settles no earlier unknowns and never stops for the log.
   */
  audit: {profile: string; file?: string} | false;
  /**
   * Parallel DELETEs: a number fixes it; default adaptive (AdaptiveConcurrency: enough in flight
   * for the tenant's measured latency, at most 32), within the tier-2 limiter either way.
   */
  concurrency?: number | ConcurrencyOptions;
  /** The tier-2 limit to stay under. Default Qlik's announced 100 per 60 s. */
  rate?: RateLimit;
  /** See SlidingWindowLimiter; tests and benchmarks only. */
  rateMarginMs?: number;
  /**
   * A limiter shared by every run on the same client (the library keeps one per client; a watch
   * revokes in many small runs), so that they together stay within the tier-2 budget. Overrides
   * rate and rateMarginMs.
   */
  limiter?: SlidingWindowLimiter;
  /** Retries after a 5xx, reset or timeout. Default 3. */
  retries?: number;
  /** Base of the jittered exponential backoff between retries, ms. Default 250. */
  backoffMs?: number;
  /** After cancel, how long requests in flight may still run before they are aborted. Default 10 s. */
  inFlightGraceMs?: number;
  /**
   * The longest one token may be held by 429s, from its first refusal, before it is `failed:
   * rate-limited` (the run goes on with the others). Default 5 minutes, Qlik's window.
   */
  maxRateLimitedMs?: number;
  /** Time and waits of the pacing, the backoff and the 429 ceiling. Default the system clock; tests give a virtual one. */
  clock?: Clock;
  signal?: AbortSignal;
  onEvent?: (event: RevokeEvent) => void;
} & (
  | {
      tokenIds: readonly TokenRef[];
      /**
       * Where the IDs come from. `listing` (default): picked from a list the tenant gave, so a 404
       * means the token went meanwhile (already-gone). `operator`: typed or pasted, so a 404 on the
       * first attempt means the tenant does not know the ID (not-found).
       */
      origin?: 'listing' | 'operator';
      /**
       * For tokens picked from one user's list (the TUI's `d`): each ref must carry
       * `userId === expectUserId`; any other ref (another owner, or none) is never sent and is
       * reported in result.foreign — the same check a bulk run makes on the tenant's listing.
       */
      expectUserId?: string;
    }
  | {userId: string; all: true}
);

// A 429 the client could not wait out is retried after the wait; this many times per token.
const MAX_RATE_LIMITED_RETRIES = 5;

/** A pacing wait at least this long is reported (event 'paced'). */
const PACE_NOTICE_MS = 1000;

/** How long a cancel waits for in-flight calls while a 429 blocks the tier (see onCancel). */
const BLOCKED_GRACE_MS = 300;

const DEFAULT_MAX_RATE_LIMITED_MS = 300_000;

export async function revokeTokens(options: RevokeOptions): Promise<RevokeResult> {
  const {client, signal, onEvent} = options;
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const emit = (event: RevokeEvent) => onEvent?.(event);

  const audit =
    options.audit === false
      ? noAuditLog()
      : await openAuditLog(options.audit.file, {profile: options.audit.profile, tenant: client.tenantUrl});
  try {
    const limiter =
      options.limiter ??
      new SlidingWindowLimiter({
        ...(options.rate ?? TIER2_LIMIT),
        marginMs: options.rateMarginMs,
        gate: () => client.blockedUntil(2),
        clock,
      });
    // POST /oauth/token spends the same tier-2 budget and the limiter cannot see the client's own
    // requests: fetch the access token now, counted as one request (whether or not it came from the
    // cache), so it cannot push the first window over. A credentials problem also surfaces here,
    // before any DELETE.
    const warmUp = limiter.admit();
    try {
      await client.getAccessToken({signal});
    } catch (error) {
      if (signal?.aborted) return finish({outcomes: [], cancelled: true});
      throw error;
    } finally {
      warmUp.done();
    }

    let refs: Ref[];
    let foreign: ForeignToken[] = [];
    let dropped = 0;
    let listedIds: Set<string> | undefined;
    let settled: RevokeResult['settled'];
    const bulkUserId = 'all' in options ? options.userId : undefined;
    const concurrency =
      typeof options.concurrency === 'number'
        ? fixedConcurrency(options.concurrency)
        : new AdaptiveConcurrency(options.concurrency);
    if (bulkUserId !== undefined) {
      let listed: QlikToken[];
      try {
        // Its pages are round trips to the same tenant: the first estimate of its latency.
        let pages = 0;
        const listingStart = clock.now();
        listed = await client.listTokens({userId: bulkUserId, signal, onPage: () => void pages++});
        if (pages > 0) concurrency.observe((clock.now() - listingStart) / pages);
      } catch (error) {
        if (signal?.aborted) return finish({outcomes: [], cancelled: true});
        throw error;
      }
      listedIds = new Set(listed.map((t) => t.id));
      refs = [];
      for (const token of listed) {
        if (token.userId === bulkUserId) refs.push({id: token.id, userId: token.userId, listed: true});
        else foreign.push({tokenId: token.id, userId: token.userId});
      }
      if (options.audit !== false) settled = await settleUnknowns(audit, client.tenantUrl, bulkUserId, listedIds);
    } else {
      const given = options as {tokenIds: readonly TokenRef[]; origin?: 'listing' | 'operator'; expectUserId?: string};
      const normalised = normaliseRefs(given.tokenIds);
      dropped = given.tokenIds.length - normalised.length;
      const listed = given.origin !== 'operator';
      refs = [];
      for (const ref of normalised) {
        if (given.expectUserId !== undefined && ref.userId !== given.expectUserId)
          foreign.push({tokenId: ref.id, userId: ref.userId ?? null});
        else refs.push({...ref, listed});
      }
    }

    emit({
      type: 'started',
      total: refs.length,
      foreign: foreign.length,
      ...(bulkUserId === undefined ? {} : {userId: bulkUserId}),
    });
    const run = await revokeAll(refs, options, clock, limiter, concurrency, audit, emit);

    let newTokens: QlikToken[] | undefined;
    let relistError: RevokeResult['relistError'];
    if (listedIds && !run.cancelled && !run.stopped) {
      emit({type: 'checking-new-tokens'});
      try {
        const after = await client.listTokens({userId: bulkUserId!, signal});
        newTokens = after.filter((t) => !listedIds.has(t.id) && t.userId === bulkUserId);
        const known = new Set(foreign.map((f) => f.tokenId));
        foreign = [
          ...foreign,
          ...after
            .filter((t) => t.userId !== bulkUserId && !known.has(t.id))
            .map((t) => ({tokenId: t.id, userId: t.userId})),
        ];
      } catch (error) {
        relistError = {kind: isQlikError(error) ? error.kind : 'unknown', message: messageOf(error)};
      }
    }
    return finish({...run, foreign, dropped, newTokens, relistError, settled, userId: bulkUserId});
  } finally {
    await audit.close();
  }

  function finish(parts: {
    outcomes: TokenOutcome[];
    cancelled: boolean;
    peakInFlight?: number;
    stopped?: RevokeResult['stopped'];
    foreign?: ForeignToken[];
    dropped?: number;
    newTokens?: QlikToken[];
    relistError?: RevokeResult['relistError'];
    settled?: RevokeResult['settled'];
    userId?: string;
  }): RevokeResult {
    const result: RevokeResult = {
      outcomes: parts.outcomes,
      foreign: parts.foreign ?? [],
      dropped: parts.dropped ?? 0,
      cancelled: parts.cancelled,
      peakInFlight: parts.peakInFlight ?? 0,
      durationMs: Math.round(clock.now() - startedAt),
      counts: countOutcomes(parts.outcomes),
    };
    if (parts.userId !== undefined) result.userId = parts.userId;
    if (parts.stopped) result.stopped = parts.stopped;
    if (parts.newTokens) result.newTokens = parts.newTokens;
    if (parts.relistError) result.relistError = parts.relistError;
    if (parts.settled && (parts.settled.revoked.length > 0 || parts.settled.notRevoked.length > 0))
      result.settled = parts.settled;
    emit({type: 'done', result});
    return result;
  }
}

/**
 * Tokens of this user whose DELETE an earlier run sent without recording the answer (killed, disk
 * full): settled by the listing just made — gone is revoked, still listed is not. A log that cannot
 * be read settles nothing (the run goes on); one that cannot take the lines stops the run here.
 */
async function settleUnknowns(
  audit: AuditLog,
  tenant: string,
  userId: string,
  present: ReadonlySet<string>,
): Promise<RevokeResult['settled']> {
  let open;
  try {
    open = unsettled((await readAudit({file: audit.path})).entries, {tenant, userId});
  } catch {
    return undefined;
  }
  if (open.length === 0) return undefined;
  await audit.settle(open, present);
  const ids = [...new Set(open.map((record) => record.tokenId))];
  return {revoked: ids.filter((id) => !present.has(id)), notRevoked: ids.filter((id) => present.has(id))};
}

/** The log of a run without one: takes every line and keeps none. */
function noAuditLog(): AuditLog {
  return {
    path: '',
    run: '',
    intent: async () => {},
    record: async () => {},
    settle: async () => {},
    close: async () => {},
  };
}

/** Trims pasted IDs, drops empty ones and duplicates (the first occurrence wins). */
export function normaliseRefs(refs: readonly TokenRef[]): Array<{id: string; userId?: string}> {
  const seen = new Set<string>();
  const out: Array<{id: string; userId?: string}> = [];
  for (const ref of refs) {
    const id = (typeof ref === 'string' ? ref : ref.id).trim();
    if (id === '' || seen.has(id)) continue;
    seen.add(id);
    out.push(typeof ref === 'string' || ref.userId === undefined ? {id} : {id, userId: ref.userId});
  }
  return out;
}

export function countOutcomes(outcomes: readonly TokenOutcome[]): RevokeCounts {
  const counts: RevokeCounts = {
    total: outcomes.length,
    revoked: 0,
    'already-gone': 0,
    'not-found': 0,
    failed: 0,
    'not-tried': 0,
  };
  for (const o of outcomes) counts[o.outcome]++;
  return counts;
}

type RunState = {
  outcomes: TokenOutcome[];
  cancelled: boolean;
  peakInFlight: number;
  stopped?: RevokeResult['stopped'];
};

/** A token of the run; `listed` when the tenant gave it (a 404 is then already-gone, never not-found). */
type Ref = {id: string; userId?: string; listed: boolean};

/** What revokeOne found, and whether the answer is one to record (a request cut off in flight has none). */
type Found = {outcome: TokenOutcome; record: boolean};

async function revokeAll(
  refs: Ref[],
  options: RevokeOptions,
  clock: Clock,
  limiter: SlidingWindowLimiter,
  concurrency: Concurrency,
  audit: AuditLog,
  emit: (event: RevokeEvent) => void,
): Promise<RunState> {
  const {client, signal} = options;
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 250;
  const maxRateLimitedMs = options.maxRateLimitedMs ?? DEFAULT_MAX_RATE_LIMITED_MS;

  // `stop` ends admissions (cancel, or a fatal error); `hard` aborts requests already in flight.
  const stop = new AbortController();
  const hard = new AbortController();
  let graceTimer: NodeJS.Timeout | undefined;
  const onCancel = () => {
    stop.abort(signal?.reason);
    // While a 429 blocks tier 2 the client sends nothing: the calls "in flight" are waiting at its
    // gate, possibly for a minute, with nothing on the wire whose answer could be lost. Stopping
    // then takes a moment (an answer already on its way may still land), not the whole grace.
    // (Real time on purpose: the grace is for requests on a real network.)
    const blocked = client.blockedUntil(2) > Date.now();
    const grace = options.inFlightGraceMs ?? 10_000;
    graceTimer = setTimeout(() => hard.abort(signal?.reason), blocked ? Math.min(grace, BLOCKED_GRACE_MS) : grace);
  };
  if (signal?.aborted) onCancel();
  else signal?.addEventListener('abort', onCancel, {once: true});

  const outcomes: Array<TokenOutcome | undefined> = new Array(refs.length);
  let stopped: RevokeResult['stopped'];
  let done = 0;
  let next = 0;
  let reportedBlock = 0;

  const stopRun = (reason: NonNullable<RevokeResult['stopped']>) => {
    stopped ??= reason;
    stop.abort(new Error(reason.message));
  };

  // The client sits out a 429 inside the call (its tier gate holds every tier-2 request until
  // Retry-After) and tells nobody; the gate is the one place a refusal shows. So the engine samples
  // it — before each admission, after each answer, and on a timer for when every worker is inside
  // a call — pauses the limiter with it and reports the pause.
  const noticeBlock = () => {
    const until = client.blockedUntil(2);
    const now = clock.now();
    if (until <= reportedBlock || until <= now) return;
    reportedBlock = until;
    limiter.pauseUntil(until);
    // Refused while our window was at least half full: the tenant takes fewer than announced (or
    // someone else spends the same budget steadily), so from now on stay under what it accepted.
    // Refused while nearly empty: a one-off, such as another process's burst; pausing is enough.
    const counted = limiter.inWindow(now);
    if (counted >= Math.ceil(limiter.limit / 2)) limiter.lowerLimit(counted - 1);
    emit({type: 'rate-limited', waitMs: until - now, until});
  };
  let reportedPace = 0;
  // Told by the limiter as a wait begins: a worker that queued while there was still room, and
  // found the window full on its turn, would otherwise wait minutes without a word.
  const noticePacing = (wait: number) => {
    const now = clock.now();
    // Only waits a person would notice, and each once (workers queue behind the same one). A 429
    // pause is the tenant's, reported as rate-limited.
    if (wait < PACE_NOTICE_MS || wait === Number.POSITIVE_INFINITY || now + wait <= reportedPace) return;
    if (client.blockedUntil(2) >= now + wait) return;
    reportedPace = now + wait;
    emit({type: 'paced', waitMs: wait, until: now + wait});
  };
  const blockWatch = setInterval(noticeBlock, 200);
  blockWatch.unref();

  const revokeOne = async (ref: Ref): Promise<Found | undefined> => {
    const base = ref.userId === undefined ? {tokenId: ref.id} : {tokenId: ref.id, userId: ref.userId};
    let attempts = 0;
    let faults = 0;
    let rateLimited = 0;
    let firstRefusal: number | undefined;
    // An attempt went out and its answer was lost or was a failure: it may have landed, so a later
    // 404 means our own DELETE did it.
    let mayHaveLanded = false;
    let intended = false;
    let last: {status?: number; error: {kind: QlikErrorKind; message: string}} | undefined;
    const failed = (error: {kind: QlikErrorKind; message: string}, record = true): Found => ({
      outcome: {...base, outcome: 'failed', attempts, ...statusOf(last), error},
      record,
    });
    for (;;) {
      let slot: Slot;
      try {
        noticeBlock();
        slot = await limiter.acquire(stop.signal, noticePacing);
      } catch {
        if (attempts === 0) return undefined;
        return failed({
          kind: 'cancelled',
          message: `cancelled before a retry; the last attempt failed: ${last!.error.message}`,
        });
      }
      if (!intended) {
        try {
          // On disk before the DELETE leaves: killed from here on, the log still says it was sent.
          await audit.intent({tokenId: ref.id, userId: ref.userId ?? null});
          intended = true;
        } catch (error) {
          slot.done();
          stopRun({kind: 'audit', message: messageOf(error)});
          return undefined;
        }
        // The log broke (or the credentials were refused) while this intent was being written: no
        // further DELETE. (A cancel lets it go: with its intent on disk it is in flight, and the
        // log's "unknown" for it must mean "sent".)
        if (stopped) {
          slot.done();
          return undefined;
        }
      }
      attempts++;
      const sentAt = clock.now();
      try {
        // retry: false — the client's own retries would not pass our limiter; we retry below.
        const result = await client.revokeToken(ref.id, {retry: false, signal: hard.signal});
        slot.done();
        // A round trip unless the client sat out a 429 inside the call (then it measured the wait).
        if (client.blockedUntil(2) <= sentAt) concurrency.observe(clock.now() - sentAt);
        noticeBlock();
        if (result === 'revoked') return {outcome: {...base, outcome: 'revoked', status: 204, attempts}, record: true};
        const outcome: Outcome = ref.listed || mayHaveLanded ? 'already-gone' : 'not-found';
        return {outcome: {...base, outcome, status: 404, attempts}, record: true};
      } catch (error) {
        slot.done();
        noticeBlock();
        const kind: QlikErrorKind = isQlikError(error) ? error.kind : 'network';
        const status = isQlikError(error) ? error.status : undefined;
        last = {error: {kind, message: messageOf(error)}, ...(status === undefined ? {} : {status})};
        if (kind === 'cancelled' || hard.signal.aborted) {
          // No answer to record: the log keeps the intent alone (unknown), which a later listing settles.
          return failed(
            {
              kind: 'cancelled',
              message: 'cancelled while the request was in flight: the token may or may not be revoked',
            },
            false,
          );
        }
        if (kind === 'rate-limited') {
          firstRefusal ??= sentAt;
          const heldFor = clock.now() - firstRefusal;
          if (rateLimited < MAX_RATE_LIMITED_RETRIES && heldFor < maxRateLimitedMs) {
            rateLimited++;
            const retryAfterMs =
              isQlikError(error) && error.retryAfter !== undefined ? error.retryAfter * 1000 : limiter.windowMs;
            limiter.pauseUntil(clock.now() + retryAfterMs);
            attempts--; // refused, not tried: the tenant did not act on it
            continue;
          }
          attempts--;
          return failed({
            kind: 'rate-limited',
            message: `the tenant kept refusing this DELETE with 429 for ${Math.round(heldFor / 1000)} s; not revoked: ${last.error.message}`,
          });
        }
        if (kind === 'auth') stopRun({kind, message: last.error.message});
        if (isRetryable(kind, status)) mayHaveLanded = true;
        if (isRetryable(kind, status) && faults < retries) {
          faults++;
          try {
            await clock.sleep(backoff(backoffMs, faults), stop.signal);
          } catch {
            // cancelled during the backoff: reported as failed by the acquire above
          }
          continue;
        }
        return failed(last.error);
      }
    }
  };

  const settle = async (index: number): Promise<void> => {
    const ref = refs[index]!;
    const found = await revokeOne(ref);
    if (!found) return;
    const {outcome} = found;
    outcomes[index] = outcome;
    if (found.record) {
      try {
        await audit.record({
          time: new Date(clock.now()).toISOString(),
          profile: options.audit === false ? '' : options.audit.profile,
          tenant: client.tenantUrl,
          tokenId: outcome.tokenId,
          userId: outcome.userId ?? null,
          outcome: outcome.outcome as 'revoked' | 'already-gone' | 'not-found' | 'failed',
          status: outcome.status ?? null,
          error: outcome.error ?? null,
        });
      } catch (error) {
        // The operator still has to know what happened to this token; nothing further is attempted.
        stopRun({kind: 'audit', message: messageOf(error)});
      }
    }
    done++;
    emit({type: 'outcome', outcome, done, total: refs.length});
  };

  // Tokens are handed out in order while fewer than concurrency.limit are in flight; the limit
  // follows the latency measured (see concurrency.ts), the limiter still admits each request.
  const inFlight = new Set<Promise<void>>();
  let peakInFlight = 0;
  let thrown: {error: unknown} | undefined;
  try {
    while (!stop.signal.aborted && next < refs.length) {
      if (inFlight.size >= concurrency.limit) {
        await Promise.race(inFlight);
        continue;
      }
      const task: Promise<void> = settle(next++).then(
        () => void inFlight.delete(task),
        (error: unknown) => {
          // Not an outcome (a caller's onEvent threw): nothing further is sent, and it is rethrown.
          inFlight.delete(task);
          thrown ??= {error};
          stop.abort(error);
        },
      );
      inFlight.add(task);
      peakInFlight = Math.max(peakInFlight, inFlight.size);
    }
    await Promise.all(inFlight);
    if (thrown) throw thrown.error;
  } finally {
    clearInterval(blockWatch);
    clearTimeout(graceTimer);
    signal?.removeEventListener('abort', onCancel);
  }

  const cancelled = signal?.aborted ?? false;
  const reason =
    stopped ?? (cancelled ? {kind: 'cancelled' as const, message: 'cancelled before this token was tried'} : undefined);
  const final = refs.map(
    (ref, i): TokenOutcome =>
      outcomes[i] ?? {
        tokenId: ref.id,
        ...(ref.userId === undefined ? {} : {userId: ref.userId}),
        outcome: 'not-tried',
        attempts: 0,
        ...(reason ? {error: reason} : {}),
      },
  );
  return stopped ? {outcomes: final, cancelled, peakInFlight, stopped} : {outcomes: final, cancelled, peakInFlight};
}

function isRetryable(kind: QlikErrorKind, status: number | undefined): boolean {
  if (kind === 'network' || kind === 'timeout') return true;
  // 5xx, or an answer that was not the contract (an HTML page from a proxy): worth another try.
  return kind === 'protocol' && (status === undefined || status >= 500);
}

/** Exponential with "equal jitter": never less than half the step, so retries do spread out. */
function backoff(baseMs: number, attempt: number): number {
  const step = baseMs * 2 ** (attempt - 1);
  return step / 2 + Math.random() * (step / 2);
}

function statusOf(last: {status?: number} | undefined): {status?: number} {
  return last?.status === undefined ? {} : {status: last.status};
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
