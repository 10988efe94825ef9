// The watch's state for every UI (the CLI's status line, the TUI's header) as a pure reducer over
// the watch's events: time left is drawn from `endsAt` and the clock, so a UI ticks without events.
import type {WatchEvent} from './watch.js';

export type WatchProgress = {
  userId: string;
  endsAt: number;
  /** Listings answered. */
  polls: number;
  /** The user's tokens at the last listing (new ones included). */
  held: number;
  /** New tokens found while watching. */
  seen: number;
  revoked: number;
  /** Already gone when their DELETE arrived (expired, or revoked by someone else). */
  gone: number;
  failed: number;
  /** When the next listing is due (epoch ms). */
  nextAt: number;
  /** The last listing failed: why, and when it is tried again. */
  listError?: {message: string; retryAt: number};
  /** The tenant's 429 holds revocations until then. */
  blockedUntil: number;
  done: boolean;
};

export function emptyWatchProgress(userId = '', endsAt = 0): WatchProgress {
  return {
    userId,
    endsAt,
    polls: 0,
    held: 0,
    seen: 0,
    revoked: 0,
    gone: 0,
    failed: 0,
    nextAt: 0,
    blockedUntil: 0,
    done: false,
  };
}

export function watchProgressStep(state: WatchProgress, event: WatchEvent): WatchProgress {
  switch (event.type) {
    case 'started':
      return {...emptyWatchProgress(event.userId, event.endsAt), nextAt: event.endsAt};
    case 'listed': {
      const {listError: _, ...rest} = state;
      return {...rest, polls: state.polls + 1, held: event.held, nextAt: event.nextAt};
    }
    case 'found':
      return {...state, seen: state.seen + event.tokens.length};
    case 'outcome': {
      const kind = event.outcome.outcome;
      return {
        ...state,
        revoked: state.revoked + (kind === 'revoked' ? 1 : 0),
        gone: state.gone + (kind === 'already-gone' || kind === 'not-found' ? 1 : 0),
        failed: state.failed + (kind === 'failed' ? 1 : 0),
        held: kind === 'revoked' || kind === 'already-gone' ? Math.max(0, state.held - 1) : state.held,
      };
    }
    case 'list-failed':
      return {...state, listError: {message: event.error.message, retryAt: event.retryAt}, nextAt: event.retryAt};
    case 'rate-limited':
      return {...state, blockedUntil: Math.max(state.blockedUntil, event.until)};
    case 'done':
      return {...state, done: true};
  }
}

/** "14:32" (or "1:02:03"): time left, rounded up to the second, never negative. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
