// The watch after `R`: keeps revoking what a live session of the user mints, for 15 minutes or
// until esc. Its state is the engine's progress reducer; each late revocation goes to the flash
// line and the message log, the end to a summary there.
import {useCallback, useEffect, useRef, useState} from 'react';
import {clockText, watchProgressStep, emptyWatchProgress, type WatchProgress} from '../../revoke/index.js';
import {truncate} from '../../text/cell-width.js';
import type {FlashKind} from '../components/flash-line.js';
import {describeError} from '../describe-error.js';
import type {UiSession} from '../tenant-session.js';

/** "Keep watching for 15 minutes": long enough for an identity provider's session to be ended. */
export const TUI_WATCH_MS = 15 * 60_000;

export type WatchJob = {userId: string; label: string; known: readonly string[]};

export type WatchState = {label: string; progress: WatchProgress; stopping: boolean};

/** "watching ann 14:32 left · 3 late revoked" for the header, and "watch 14:32 · 3 late revoked" for a narrow one. */
export function watchHeaderText(state: WatchState, now: number): {full: string; short: string} {
  const {progress} = state;
  const time = state.stopping ? 'stopping…' : clockText(progress.endsAt - now);
  const counts = `${progress.revoked} late revoked${progress.failed ? ` · ${progress.failed} failed` : ''}`;
  return {
    full: `watching ${truncate(state.label, 16)} ${state.stopping ? time : `${time} left`} · ${counts}`,
    short: `watch ${time} · ${counts}`,
  };
}

export function useWatch(
  session: UiSession | undefined,
  say: (text: string, kind: FlashKind) => void,
): {state: WatchState | undefined; running: boolean; start: (job: WatchJob) => void; stop: () => void} {
  const [state, setState] = useState<WatchState>();
  const controller = useRef<AbortController | undefined>(undefined);
  const sayRef = useRef(say);
  sayRef.current = say;

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    (job: WatchJob) => {
      if (!session?.watch || controller.current) return;
      const abort = new AbortController();
      controller.current = abort;
      let progress = emptyWatchProgress(job.userId, Date.now() + TUI_WATCH_MS);
      setState({label: job.label, progress, stopping: false});
      sayRef.current(
        `Watching ${job.label} for 15 minutes: every new token is revoked as it appears (esc stops).`,
        'info',
      );
      session
        .watch({
          userId: job.userId,
          durationMs: TUI_WATCH_MS,
          known: job.known,
          signal: abort.signal,
          onEvent: (event) => {
            progress = watchProgressStep(progress, event);
            setState((current) => current && {...current, progress});
            if (event.type === 'outcome') {
              const {outcome} = event;
              const text =
                outcome.outcome === 'revoked'
                  ? `Late token ${outcome.tokenId} of ${job.label} revoked (watch)`
                  : `Late token ${outcome.tokenId} of ${job.label}: ${outcome.outcome}${outcome.error ? ` (${outcome.error.message})` : ''}`;
              sayRef.current(text, outcome.outcome === 'failed' ? 'error' : 'warning');
            } else if (event.type === 'list-failed') {
              sayRef.current(`Watch: listing failed (${event.error.message}); trying again`, 'warning');
            }
          },
        })
        .then(
          (result) => {
            const held = result.remaining;
            const end =
              result.endedBy === 'duration' ? 'ended' : result.endedBy === 'cancelled' ? 'stopped' : 'stopped itself';
            const parts = [
              `Watch of ${job.label} ${end}: ${result.outcomes.length} late token${result.outcomes.length === 1 ? '' : 's'}, ${result.counts.revoked} revoked`,
            ];
            if (result.counts.failed) parts.push(`${result.counts.failed} failed`);
            if (result.stopped) parts.push(result.stopped.message);
            parts.push(
              held === undefined
                ? 'the user could not be listed'
                : held.length === 0
                  ? 'no tokens left at the last listing'
                  : `${held.length} token${held.length === 1 ? '' : 's'} still held`,
            );
            const clean = held?.length === 0 && !result.stopped && !result.counts.failed;
            sayRef.current(parts.join(' · '), clean ? 'success' : 'warning');
          },
          (error: unknown) => sayRef.current(`Watch of ${job.label} failed: ${describeError(error)}`, 'error'),
        )
        .finally(() => {
          if (controller.current === abort) controller.current = undefined;
          setState(undefined);
        });
    },
    [session],
  );

  const stop = useCallback(() => {
    if (!controller.current) return;
    controller.current.abort();
    setState((current) => current && {...current, stopping: true});
  }, []);

  return {state, running: state !== undefined, start, stop};
}
