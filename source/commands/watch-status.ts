// The watch of `tokens revoke --all --watch` on stderr. On a terminal: one status line rewritten
// every second (time left, tokens seen and revoked), and a line of its own for each late token, so
// the scrollback keeps them. Into a pipe or a log: the status every 10 s, and the same late lines.
import {
  clockText,
  emptyWatchProgress,
  watchProgressStep,
  type WatchEvent,
  type WatchProgress,
} from '../revoke/index.js';
import {safeText} from '../text/terminal-safe.js';
import {LOG_INTERVAL_MS, systemTimers, type ProgressTimers} from './revoke-progress.js';

export function watchStatusText(state: WatchProgress, now: number, who: string): string {
  const parts = [
    `watching ${who}`,
    `${clockText(state.endsAt - now)} left`,
    `${state.seen} seen`,
    `${state.revoked} revoked`,
  ];
  if (state.failed) parts.push(`${state.failed} failed`);
  if (state.blockedUntil > now)
    parts.push(`rate limited by the tenant: resuming in ${Math.ceil((state.blockedUntil - now) / 1000)} s`);
  if (state.listError)
    parts.push(
      `listing failed (${state.listError.message}); again in ${Math.max(0, Math.ceil((state.listError.retryAt - now) / 1000))} s`,
    );
  else if (state.polls === 0) parts.push('listing…');
  else parts.push(`holds ${state.held}`);
  return parts.join(' · ');
}

type Stream = {write(text: string): unknown; isTTY?: boolean; columns?: number};

export function watchStatusLine(
  stream: Stream,
  who: string,
  timers: ProgressTimers = systemTimers,
): {onEvent: (event: WatchEvent) => void; clear: () => void} {
  const tty = stream.isTTY === true;
  let state = emptyWatchProgress();
  let shown = false;
  let stopTicking: (() => void) | undefined;
  const erase = () => {
    if (tty && shown) stream.write('\r\u001b[K');
    shown = false;
  };
  const draw = () => {
    const text = watchStatusText(state, timers.now(), who);
    if (tty) {
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      stream.write(`\r\u001b[K${text.slice(0, width)}`);
      shown = true;
    } else {
      stream.write(`qlik-tokens: ${text}\n`);
    }
  };
  const say = (line: string) => {
    erase();
    stream.write(`${line}\n`);
    if (tty) draw();
  };
  return {
    onEvent(event) {
      state = watchProgressStep(state, event);
      if (event.type === 'started') {
        stopTicking ??= timers.every(tty ? 1000 : LOG_INTERVAL_MS, draw);
        draw();
      } else if (event.type === 'outcome') {
        const {outcome} = event;
        const detail = outcome.error ? `: ${outcome.error.message}` : '';
        say(`  late token ${safeText(outcome.tokenId)}: ${outcome.outcome}${detail}`);
      } else if (event.type === 'list-failed') {
        say(`  listing failed (${safeText(event.error.message)}); trying again`);
      } else if (tty && event.type !== 'done') {
        draw();
      }
    },
    clear() {
      stopTicking?.();
      stopTicking = undefined;
      erase();
    },
  };
}
