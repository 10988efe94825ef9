// The UI's revocations run on the engine in source/revoke, so they are paced, retried and written
// to the audit log exactly like `tokens revoke` on the command line.
import {revokeTokens, type RevokeEvent} from '../revoke/index.js';
import type {QlikApi} from '../qlik/types.js';
import type {RevokeProgressEvent, RevokeRunner} from './tenant-session.js';

export function createRevokeRunner({
  client,
  profile,
  auditFile,
}: {
  client: QlikApi;
  profile: string;
  auditFile?: string;
}): RevokeRunner {
  return async ({tokenIds, userId, all, signal, onProgress}) => {
    const progress: RevokeProgressEvent = {done: 0, total: tokenIds.length, revoked: 0, alreadyGone: 0, failed: 0};
    const onEvent = (event: RevokeEvent) => {
      if (event.type === 'started') progress.total = event.total;
      else if (event.type === 'outcome') {
        progress.done = event.done;
        progress.total = event.total;
        if (event.outcome.outcome === 'revoked') progress.revoked += 1;
        else if (event.outcome.outcome === 'already-gone') progress.alreadyGone += 1;
        else if (event.outcome.outcome === 'failed') progress.failed += 1;
      } else if (event.type === 'rate-limited' || event.type === 'paced') progress.pausedUntil = event.until;
      else return;
      onProgress({...progress});
    };
    const common = {client, audit: {profile, ...(auditFile ? {file: auditFile} : {})}, signal, onEvent};
    const result =
      all && userId !== undefined
        ? await revokeTokens({...common, userId, all: true})
        : await revokeTokens({...common, tokenIds: tokenIds.map((id) => ({id, ...(userId ? {userId} : {})}))});
    return {
      outcomes: result.outcomes.map((o) => ({
        tokenId: o.tokenId,
        // The UI's IDs come from a listing (origin 'listing'): the engine never says not-found for them.
        outcome: o.outcome === 'not-found' ? 'already-gone' : o.outcome,
        ...(o.error ? {error: o.error.message} : {}),
      })),
      appeared: result.newTokens?.map((t) => t.id),
      stopped: result.stopped?.message,
    };
  };
}
