// The bulk revocation engine and its audit log: what the TUI and `tokens revoke` call.
//
//   const result = await revokeTokens({client, tokenIds: ['a', 'b'], audit: {profile}, signal, onEvent});
//   const result = await revokeTokens({client, userId, all: true, audit: {profile}, signal, onEvent});
//
//   // The TUI's `d`, tokens picked from one user's list: only that user's are ever sent.
//   const result = await revokeTokens({client, tokenIds: refs /* {id, userId} */, expectUserId: userId, ...});
//   // Typed by the operator: a 404 on the first attempt is not-found, not already-gone.
//   const result = await revokeTokens({client, tokenIds: ['a'], origin: 'operator', ...});
//
//   // After a bulk run: keep revoking what a live session mints, for 15 minutes or until the signal.
//   const watched = await watchUserTokens({client, userId, durationMs: 900_000, audit: {profile}, known, signal, onEvent});
//
// Events, in order: started(total, foreign) · outcome(per token, after it is in the audit log) ·
// rate-limited(until) whenever the tenant answered 429 · paced(until) when our own pacing holds
// the next DELETE for a second or more · checking-new-tokens (bulk only) · done(result).
// revokeTokens() throws only before the first DELETE: AuditUnavailableError, or the QlikError of
// the access-token request or (bulk runs) of the listing. Everything after is an outcome; a run
// that stops itself says why in result.stopped (auth: credentials revoked mid-run; audit: the log
// could not be written, so nothing further was tried). result.foreign lists tokens of other users
// the run was given or listed: never sent. explainCounts(result, {confirmed}) says in words why the
// counts are what they are ("1 was already gone"), for any UI.
export {revokeTokens, countOutcomes, normaliseRefs} from './engine.js';
export {describeCriteria, hasCriteria, matchesCriteria, selectTokens, type TokenCriteria} from './criteria.js';
export {explainCounts, type CountsContext, type CountsExplained} from './summary.js';
export {emptyProgress, longestWait, progressStep, type ProgressState} from './progress.js';
export {systemClock, type Clock} from './clock.js';
export {
  DEFAULT_WATCH_INTERVAL_MS,
  WATCH_LIST_BUDGET_PER_MINUTE,
  watchInterval,
  watchUserTokens,
  type WatchEvent,
  type WatchOptions,
  type WatchOutcome,
  type WatchResult,
  type WatchStop,
} from './watch.js';
export {clockText, emptyWatchProgress, watchProgressStep, type WatchProgress} from './watch-progress.js';
export type {
  ForeignToken,
  Outcome,
  RevokeCounts,
  RevokeEvent,
  RevokeOptions,
  RevokeResult,
  TokenOutcome,
  TokenRef,
} from './engine.js';
export {AuditUnavailableError, auditLogPath, openAuditLog, readAudit, unsettled} from './audit.js';
export type {
  AuditEntry,
  AuditLog,
  AuditOutcome,
  AuditRecord,
  ReadAuditResult,
  SettledOutcome,
  TornLine,
} from './audit.js';
export {settleUnknowns, type SettleResult} from './settle.js';
export {SlidingWindowLimiter, TIER2_LIMIT, defaultMarginMs} from './rate-limiter.js';
export type {RateLimit, Slot} from './rate-limiter.js';
