// Progress of a revocation run as a pure reducer over the engine's events, for every UI (the CLI's
// progress line, the TUI's dialog). Two waits can hold a run: our own pacing to the announced
// budget (minutes, after a burst of 500) and the tenant's 429 (its Retry-After). Both are kept, and
// whichever ends later is the one to show: a 13 s Retry-After arriving in a 5-minute pacing wait
// must not make a UI claim "resuming in 13 s" and then stand still for minutes.
import type {RevokeEvent} from './engine.js';

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

/** The wait holding the run at `now`, the one that ends last; undefined when nothing holds it. */
export function longestWait(state: ProgressState, now: number): {ms: number; by: 'tenant' | 'pacing'} | undefined {
  const until = Math.max(state.pacedUntil, state.blockedUntil);
  if (until <= now) return undefined;
  return {ms: until - now, by: state.blockedUntil >= state.pacedUntil ? 'tenant' : 'pacing'};
}
