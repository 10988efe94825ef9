import {useCallback, useEffect, useRef, useState} from 'react';
import type {RevokeProgress} from '../dialogs/confirm/view.js';
import {describeError} from '../describe-error.js';
import type {RevokeSummary, RevokeTarget, UiSession} from '../tenant-session.js';

export type RevokeJob = {
  tokens: readonly RevokeTarget[];
  userId: string | undefined;
  all: boolean;
  /** The count the operator confirmed. */
  confirmed: number;
};

/** One word per outcome count, for the flash line: "3 revoked · 1 already gone · 1 failed (HTTP 403 …)". */
export function summarise(summary: RevokeSummary): {text: string; kind: 'success' | 'warning' | 'error'} {
  const count = (kind: string) => summary.outcomes.filter((o) => o.outcome === kind).length;
  const revoked = count('revoked');
  const gone = count('already-gone');
  const failed = summary.outcomes.filter((o) => o.outcome === 'failed');
  const notTried = count('not-tried');
  const only = summary.outcomes.length === 1 ? summary.outcomes[0] : undefined;
  const parts = [only?.outcome === 'revoked' ? `Revoked ${only.tokenId}` : `${revoked} revoked`];
  if (gone) parts.push(`${gone} ${gone === 1 ? 'was' : 'were'} already gone`);
  // Counts before reasons: a long reason is what the line may cut.
  if (notTried) parts.push(`${notTried} not tried`);
  if (failed.length) parts.push(`${failed.length} failed (${failed[0]!.error ?? 'unknown error'})`);
  if (summary.appeared?.length)
    parts.push(
      `${summary.appeared.length} new token${summary.appeared.length === 1 ? '' : 's'} appeared meanwhile: press R again`,
    );
  if (summary.stopped) parts.push(`stopped: ${summary.stopped}`);
  if (failed.length || notTried) parts.push('those left are marked: d tries again');
  const kind =
    failed.length || summary.stopped
      ? 'error'
      : notTried || summary.appeared?.length || summary.foreign
        ? 'warning'
        : 'success';
  return {text: parts.join(' · '), kind};
}

/** The flash line after a run: the counts, then what they do not say already. */
export function revokeFlash(summary: RevokeSummary): {text: string; kind: 'success' | 'warning' | 'error'} {
  const {text, kind} = summarise(summary);
  const why = explainSummary(summary, true);
  return {text: why ? `${text} · ${why}` : text, kind};
}

/**
 * Why the counts differ from what the operator confirmed, in words ("Type 341" then "340 revoked"
 * must say where the one went), from the engine's explainCounts. `forFlash` leaves out what the
 * flash line's counts already say. Undefined when there is nothing to explain.
 */
export function explainSummary(summary: RevokeSummary, forFlash = false): string | undefined {
  const reasons = (summary.reasons ?? []).filter(
    (r) => !forFlash || !/^\d+ ((was|were) already gone|not tried):/.test(r),
  );
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}

/** Runs a revocation on the engine; cancel() stops it (the engine reports what was never tried). */
export function useRevoke(session: UiSession | undefined): {
  progress: RevokeProgress | undefined;
  running: boolean;
  /** Cancelled, and waiting for the requests in flight. */
  stopping: boolean;
  start: (job: RevokeJob) => Promise<RevokeSummary>;
  cancel: () => void;
} {
  const [progress, setProgress] = useState<RevokeProgress>();
  const [running, setRunning] = useState(false);
  const [stopping, setStopping] = useState(false);
  const controller = useRef<AbortController | undefined>(undefined);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    async (job: RevokeJob): Promise<RevokeSummary> => {
      if (!session) throw new Error('no session');
      controller.current = new AbortController();
      setRunning(true);
      setProgress({done: 0, total: job.tokens.length, revoked: 0, alreadyGone: 0, failed: 0});
      try {
        return await session.revoke({
          tokens: job.tokens,
          userId: job.userId,
          all: job.all,
          confirmed: job.confirmed,
          signal: controller.current.signal,
          onProgress: setProgress,
        });
      } catch (error) {
        return {
          outcomes: job.tokens.map((t) => ({tokenId: t.id, outcome: 'not-tried' as const})),
          stopped: describeError(error),
        };
      } finally {
        setRunning(false);
        setStopping(false);
        setProgress(undefined);
        controller.current = undefined;
      }
    },
    [session],
  );
  const cancel = useCallback(() => {
    if (!controller.current) return;
    controller.current.abort();
    setStopping(true);
  }, []);
  return {progress, running, stopping, start, cancel};
}
