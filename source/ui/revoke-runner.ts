// The UI's revocations run on the engine in source/revoke, so they are paced, retried, checked for
// their owner and written to the audit log exactly like `tokens revoke` on the command line.
import {
  emptyProgress,
  explainCounts,
  progressStep,
  revokeTokens,
  watchUserTokens,
  type RevokeEvent,
} from '../revoke/index.js';
import type {QlikApi} from '../qlik/types.js';
import type {RevokeProgressEvent, RevokeRunner, WatchRunner} from './tenant-session.js';

/** Where a session's revocations run and are logged. */
type EngineContext = {client: QlikApi; profile: string; auditFile?: string};

const auditOf = ({profile, auditFile}: EngineContext) => ({profile, ...(auditFile ? {file: auditFile} : {})});

/** The watch after `R`, on the same engine and audit log as `tokens revoke --watch`. */
export function createWatchRunner(context: EngineContext): WatchRunner {
  return ({userId, durationMs, known, signal, onEvent}) =>
    watchUserTokens({client: context.client, userId, durationMs, known, signal, onEvent, audit: auditOf(context)});
}

export function createRevokeRunner(context: EngineContext): RevokeRunner {
  const {client} = context;
  return async ({tokens, userId, all, confirmed, signal, onProgress}) => {
    let state = {...emptyProgress(), total: tokens.length};
    const onEvent = (event: RevokeEvent) => {
      state = progressStep(state, event);
      if (event.type === 'done' || event.type === 'checking-new-tokens') return;
      const until = Math.max(state.pacedUntil, state.blockedUntil);
      const progress: RevokeProgressEvent = {
        done: state.done,
        total: state.total,
        revoked: state.revoked,
        alreadyGone: state.gone,
        failed: state.failed,
        ...(until > 0 ? {pausedUntil: until} : {}),
      };
      onProgress(progress);
    };
    const common = {client, audit: auditOf(context), signal, onEvent};
    const result =
      all && userId !== undefined
        ? await revokeTokens({...common, userId, all: true})
        : await revokeTokens({
            ...common,
            // Each token with the owner its listing gave: in one user's list the engine sends only
            // those whose owner is that user (a tenant ignoring the filter cannot widen `d`).
            tokenIds: tokens.map((t) => (t.userId ? {id: t.id, userId: t.userId} : {id: t.id})),
            ...(userId !== undefined ? {expectUserId: userId} : {}),
          });
    // As on the command line, what counts as confirmed is what the engine would revoke: in one
    // user's list, that user's tokens (others have their own reason, "of other users").
    const own = userId === undefined ? confirmed : tokens.filter((t) => t.userId === userId).length;
    const {reasons} = explainCounts(result, own !== undefined ? {confirmed: own} : {});
    return {
      outcomes: result.outcomes.map((o) => ({
        tokenId: o.tokenId,
        // The UI's IDs come from a listing (origin 'listing'): the engine never says not-found for them.
        outcome: o.outcome === 'not-found' ? 'already-gone' : o.outcome,
        ...(o.error ? {error: o.error.message} : {}),
      })),
      appeared: result.newTokens?.map((t) => t.id),
      stopped: result.stopped?.message,
      ...(result.foreign.length > 0 ? {foreign: result.foreign.length} : {}),
      ...(reasons.length > 0 ? {reasons} : {}),
    };
  };
}
