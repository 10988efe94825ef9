// The progress of `tokens revoke` on stderr. On a terminal: one line, rewritten in place on every
// outcome and every second, so a wait visibly counts down. Into a pipe or a log file: one whole
// line every 10 s, so a CI log shows a long run moving without being flooded. The wait shown is
// the longest one holding the run (source/revoke/progress.ts).
import {emptyProgress, longestWait, progressStep, type ProgressState, type RevokeEvent} from '../revoke/index.js';

export type ProgressTimers = {
  now(): number;
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
};

export const systemTimers: ProgressTimers = {
  now: () => Date.now(),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** How often the line is written when stderr is not a terminal. */
export const LOG_INTERVAL_MS = 10_000;
const TTY_INTERVAL_MS = 1000;

/** The line for `state` at `now`, with the longest wait still running, in whole seconds. */
export function progressText(state: ProgressState, now: number): string {
  if (state.checking) return 'checking for tokens created during the run…';
  const parts = [`revoking ${state.done}/${state.total}`, `${state.revoked} revoked`];
  if (state.gone) parts.push(`${state.gone} already gone`);
  if (state.notFound) parts.push(`${state.notFound} not found`);
  if (state.failed) parts.push(`${state.failed} failed`);
  const wait = longestWait(state, now);
  if (wait) {
    const by = wait.by === 'tenant' ? 'rate limited by the tenant' : 'pacing to the rate limit';
    parts.push(`${by}: resuming in ${Math.ceil(wait.ms / 1000)} s`);
  }
  return parts.join(' · ');
}

type Stream = {write(text: string): unknown; isTTY?: boolean; columns?: number};

export function progressLine(
  stream: Stream,
  timers: ProgressTimers = systemTimers,
): {onEvent: (event: RevokeEvent) => void; clear: () => void} {
  const tty = stream.isTTY === true;
  let state = emptyProgress();
  let shown = false;
  let stopTicking: (() => void) | undefined;
  const draw = () => {
    const text = progressText(state, timers.now());
    if (tty) {
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      stream.write(`\r\u001b[K${text.slice(0, width)}`);
      shown = true;
    } else {
      stream.write(`qlik-tokens: ${text}\n`);
    }
  };
  return {
    onEvent(event) {
      state = progressStep(state, event);
      if (event.type === 'started') {
        stopTicking ??= timers.every(tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS, draw);
        if (tty) draw();
      } else if (tty && event.type !== 'done') {
        draw();
      }
    },
    clear() {
      stopTicking?.();
      stopTicking = undefined;
      if (tty && shown) stream.write('\r\u001b[K');
      shown = false;
    },
  };
}
