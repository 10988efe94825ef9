// The progress of `tokens revoke` on stderr. On a terminal: one line, rewritten in place on every
// outcome and every second, so a wait visibly counts down. Into a pipe or a log file: one whole
// line every 10 s, so a CI log shows a long run moving without being flooded.
//
// Two waits can hold a run: our own pacing to the announced budget (minutes, after a burst of
// 500) and the tenant's 429 (its Retry-After). Whichever ends later is the one shown: a 13 s
// Retry-After arriving in a 5-minute pacing wait must not make the line claim "resuming in 13 s"
// and then stand still for minutes.
import type {RevokeEvent} from '../revoke/index.js';

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

export type ProgressState = {
  total: number;
  done: number;
  revoked: number;
  gone: number;
  notFound: number;
  failed: number;
  /** Epoch ms until which our pacing holds the next DELETE. */
  pacedUntil: number;
  /** Epoch ms until which the tenant's 429 holds every DELETE. */
  blockedUntil: number;
  checking: boolean;
};

export function emptyProgress(): ProgressState {
  return {
    total: 0,
    done: 0,
    revoked: 0,
    gone: 0,
    notFound: 0,
    failed: 0,
    pacedUntil: 0,
    blockedUntil: 0,
    checking: false,
  };
}

/** The state after `event` (a pure step: the line is drawn from the state and the time). */
export function progressStep(state: ProgressState, event: RevokeEvent): ProgressState {
  switch (event.type) {
    case 'started':
      return {...state, total: event.total};
    case 'outcome': {
      const next = {...state, done: event.done, total: event.total};
      const kind = event.outcome.outcome;
      if (kind === 'revoked') next.revoked++;
      else if (kind === 'already-gone') next.gone++;
      else if (kind === 'not-found') next.notFound++;
      else if (kind === 'failed') next.failed++;
      return next;
    }
    case 'paced':
      return {...state, pacedUntil: Math.max(state.pacedUntil, event.until)};
    case 'rate-limited':
      return {...state, blockedUntil: Math.max(state.blockedUntil, event.until)};
    case 'checking-new-tokens':
      return {...state, checking: true};
    case 'done':
      return state;
  }
}

/** The line for `state` at `now`, with the longest wait still running, in whole seconds. */
export function progressText(state: ProgressState, now: number): string {
  if (state.checking) return 'checking for tokens created during the run…';
  const parts = [`revoking ${state.done}/${state.total}`, `${state.revoked} revoked`];
  if (state.gone) parts.push(`${state.gone} already gone`);
  if (state.notFound) parts.push(`${state.notFound} not found`);
  if (state.failed) parts.push(`${state.failed} failed`);
  const until = Math.max(state.pacedUntil, state.blockedUntil);
  if (until > now) {
    const by = state.blockedUntil >= state.pacedUntil ? 'rate limited by the tenant' : 'pacing to the rate limit';
    parts.push(`${by}: resuming in ${Math.ceil((until - now) / 1000)} s`);
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
