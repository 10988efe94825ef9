// The progress of `tokens revoke` on stderr. On a terminal: one line, rewritten in place on every
// outcome and every second, so a wait visibly counts down. Into a pipe or a log file: one whole
// line every 10 s, so a CI log shows a long run moving without being flooded. The wait shown is
// the longest one holding the run (source/revoke/progress.ts).
import {
  clockText,
  emptyProgress,
  emptyWatchProgress,
  longestWait,
  progressStep,
  watchProgressStep,
  type ProgressState,
  type RevokeEvent,
  type WatchEvent,
  type WatchProgress,
} from '../revoke/index.js';
import {safeText} from '../text/terminal-safe.js';

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
  let state = emptyProgress();
  const line = statusLine(stream, timers, (now) => progressText(state, now));
  return {
    onEvent(event) {
      state = progressStep(state, event);
      line.changed(event.type === 'started', event.type === 'done');
    },
    clear: line.clear,
  };
}

/** One profile's part of the fleet line: its bulk run, then (with --watch) its watch. */
export type FleetMember = {phase: 'bulk'; state: ProgressState} | {phase: 'watch'; state: WatchProgress};

/**
 * The line of several runs at once (--all-profiles):
 * "prod 5/5 · staging 7/15 (pacing: 12 s)", and while watching "prod watching 14:32 left, 2 seen, 2 revoked".
 */
export function fleetProgressText(members: ReadonlyMap<string, FleetMember>, now: number): string {
  const parts = [...members].map(([name, member]) => {
    if (member.phase === 'watch') {
      const {state} = member;
      if (state.done) return `${name} watch ended, ${state.revoked} revoked`;
      const failed = state.failed ? `, ${state.failed} failed` : '';
      return `${name} watching ${clockText(state.endsAt - now)} left, ${state.seen} seen, ${state.revoked} revoked${failed}`;
    }
    const {state} = member;
    if (state.checking) return `${name} checking for new tokens`;
    const wait = longestWait(state, now);
    const failed = state.failed ? `, ${state.failed} failed` : '';
    const waiting = wait
      ? ` (${wait.by === 'tenant' ? 'rate limited' : 'pacing'}: ${Math.ceil(wait.ms / 1000)} s)`
      : '';
    return `${name} ${state.done}/${state.total}${failed}${waiting}`;
  });
  const watching = [...members.values()].some((m) => m.phase === 'watch');
  return `${watching ? 'containing' : 'revoking'} · ${parts.join(' · ')}`;
}

export function fleetProgressLine(
  stream: Stream,
  timers: ProgressTimers = systemTimers,
): {
  onEventOf: (name: string) => (event: RevokeEvent) => void;
  onWatchEventOf: (name: string) => (event: WatchEvent) => void;
  clear: () => void;
} {
  const members = new Map<string, FleetMember>();
  const line = statusLine(stream, timers, (now) => fleetProgressText(members, now));
  return {
    onEventOf(name) {
      members.set(name, {phase: 'bulk', state: emptyProgress()});
      return (event) => {
        const member = members.get(name);
        if (member?.phase !== 'bulk') return;
        members.set(name, {phase: 'bulk', state: progressStep(member.state, event)});
        line.changed(event.type === 'started', event.type === 'done');
      };
    },
    onWatchEventOf(name) {
      members.set(name, {phase: 'watch', state: emptyWatchProgress()});
      return (event) => {
        const member = members.get(name);
        if (member?.phase !== 'watch') return;
        members.set(name, {phase: 'watch', state: watchProgressStep(member.state, event)});
        // Each late token gets a line of its own, so the scrollback keeps them.
        if (event.type === 'outcome') {
          const {outcome} = event;
          const detail = outcome.error ? `: ${outcome.error.message}` : '';
          line.say(`  ${name}: late token ${safeText(outcome.tokenId)}: ${outcome.outcome}${detail}`);
        } else if (event.type === 'list-failed') {
          line.say(`  ${name}: listing failed (${safeText(event.error.message)}); trying again`);
        } else line.changed(event.type === 'started', event.type === 'done');
      };
    },
    clear: line.clear,
  };
}

/** One line kept up to date: rewritten in place on a terminal, a whole line every 10 s into a log. */
function statusLine(
  stream: Stream,
  timers: ProgressTimers,
  text: (now: number) => string,
): {changed: (started: boolean, done: boolean) => void; say: (line: string) => void; clear: () => void} {
  const tty = stream.isTTY === true;
  let shown = false;
  let stopTicking: (() => void) | undefined;
  const draw = () => {
    const line = text(timers.now());
    if (tty) {
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      stream.write(`\r\u001b[K${line.slice(0, width)}`);
      shown = true;
    } else {
      stream.write(`qlik-tokens: ${line}\n`);
    }
  };
  return {
    say(line) {
      if (tty && shown) stream.write('\r\u001b[K');
      stream.write(`${line}\n`);
      shown = false;
      if (tty && stopTicking) draw();
    },
    changed(started, done) {
      if (started) {
        stopTicking ??= timers.every(tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS, draw);
        if (tty) draw();
      } else if (tty && !done) {
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
