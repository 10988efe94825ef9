// The bulk revocation engine and its audit log: what the TUI and `tokens revoke` call.
//
//   const result = await revokeTokens({client, tokenIds: ['a', 'b'], audit: {profile}, signal, onEvent});
//   const result = await revokeTokens({client, userId, all: true, audit: {profile}, signal, onEvent});
//
// Events, in order: started(total) · outcome(per token, after it is in the audit log) ·
// rate-limited(waitMs) whenever the tenant answered 429 · checking-new-tokens (bulk only) · done(result).
// revokeTokens() throws only before the first DELETE: AuditUnavailableError, or the QlikError of
// the access-token request or (bulk runs) of the listing. Everything after is an outcome; a run
// that stops itself says why in result.stopped (auth: credentials revoked mid-run; audit: the log
// could not be written, so nothing further was tried).
export {revokeTokens, countOutcomes, normaliseRefs} from './engine.js';
export type {
  Outcome,
  RevokeCounts,
  RevokeEvent,
  RevokeOptions,
  RevokeResult,
  TokenOutcome,
  TokenRef,
} from './engine.js';
export {AuditUnavailableError, auditLogPath, openAuditLog, readAudit} from './audit.js';
export type {AuditEntry, AuditLog, AuditOutcome, ReadAuditResult} from './audit.js';
export {SlidingWindowLimiter, TIER2_LIMIT, defaultMarginMs} from './rate-limiter.js';
export type {RateLimit, Slot} from './rate-limiter.js';
