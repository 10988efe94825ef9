// `tokens revoke --user U --all --watch DURATION`: the watch after the bulk run, its part of the
// --json document, its summary and its say in the exit code. Per tenant, so that a run over every
// profile can watch each one.
import {QlikError} from '../qlik/errors.js';
import {watchUserTokens, type RevokeResult, type WatchResult} from '../revoke/index.js';
import {safeText} from '../text/terminal-safe.js';
import {ExitCode, type CommandContext} from './context.js';
import {formatDuration} from './duration.js';
import {cancelOnInterrupt} from './interrupt.js';
import {note} from './output.js';
import {describeError} from './report-error.js';
import type {Session} from './session.js';
import {watchStatusLine} from './watch-status.js';

/** The longest --watch: a day. A containment that needs longer wants the identity provider fixed. */
export const MAX_WATCH_MS = 24 * 3_600_000;

/** How many remaining tokens the summary names before "… and N more". */
const PREVIEW = 5;

/** The watch after a bulk run on one tenant; the first ctrl-c ends it (with its summary), a second one quits. */
export async function watchAfterRun(
  ctx: CommandContext,
  session: Pick<Session, 'client' | 'profileName'>,
  {userId, who, durationMs, known}: {userId: string; who: string; durationMs: number; known: string[]},
): Promise<WatchResult> {
  const status = watchStatusLine(ctx.stderr, who);
  const interrupt = cancelOnInterrupt(ctx, status.clear, 'ending the watch');
  note(
    ctx,
    `watching ${who} for ${formatDuration(durationMs)}: every new token is revoked as it appears (ctrl-c ends the watch)`,
  );
  interrupt.arm();
  try {
    return await watchUserTokens({
      client: session.client,
      userId,
      durationMs,
      audit: {profile: session.profileName ?? '(environment)'},
      known,
      signal: interrupt.signal,
      onEvent: status.onEvent,
    });
  } finally {
    interrupt.disarm();
    status.clear();
  }
}

/** The `watch` member of the --json document. */
export function watchJson(watched: WatchResult): Record<string, unknown> {
  return {
    durationMs: watched.durationMs,
    endedBy: watched.endedBy,
    ...(watched.stopped ? {stopped: watched.stopped} : {}),
    polls: watched.polls,
    listFailures: watched.listFailures,
    seen: watched.outcomes.length,
    counts: watched.counts,
    remaining: watched.remaining?.map((t) => t.id) ?? null,
    foreign: watched.foreign,
  };
}

/** Every outcome of the bulk run and the watch, each marked with its phase. */
export function phasedOutcomes(result: RevokeResult, watched: WatchResult): Array<Record<string, unknown>> {
  return [
    ...result.outcomes.map((o) => ({...o, phase: 'bulk'})),
    ...watched.outcomes.map(({foundAt, ...o}) => ({...o, phase: 'watch', foundAt: new Date(foundAt).toISOString()})),
  ];
}

/** The watch's summary on stderr. */
export function printWatchReport(ctx: CommandContext, watched: WatchResult): void {
  const {counts} = watched;
  const ended =
    watched.endedBy === 'duration' ? 'ended' : watched.endedBy === 'cancelled' ? 'ended by ctrl-c' : 'stopped';
  const seen = watched.outcomes.length;
  const parts = [
    `watch ${ended} after ${formatDuration(watched.durationMs)}`,
    `${watched.polls} listing${watched.polls === 1 ? '' : 's'}`,
    `${seen} new token${seen === 1 ? '' : 's'} seen`,
    `${counts.revoked} revoked`,
  ];
  if (counts['already-gone']) parts.push(`${counts['already-gone']} already gone`);
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts['not-tried']) parts.push(`${counts['not-tried']} not tried`);
  note(ctx, parts.join(' · '));
  if (watched.listFailures > 0)
    note(ctx, `  ${watched.listFailures} listing${watched.listFailures === 1 ? '' : 's'} failed; the watch went on`);
  if (watched.stopped) {
    const why =
      watched.stopped.kind === 'audit'
        ? `the audit log could not be written (${watched.stopped.message}); no further token was tried`
        : describeError(new QlikError({kind: watched.stopped.kind, message: watched.stopped.message}), ctx.env);
    note(ctx, `stopped: ${why}`);
  }
  const remaining = watched.remaining;
  if (remaining === undefined) note(ctx, 'the user could not be listed: whether tokens remain is unknown');
  else if (remaining.length === 0) note(ctx, 'at the last listing the user held no tokens');
  else {
    const n = remaining.length;
    note(ctx, `warning: at the last listing the user still held ${n} token${n === 1 ? '' : 's'}:`);
    for (const token of remaining.slice(0, PREVIEW)) note(ctx, `  ${safeText(token.id)}`);
    if (n > PREVIEW) note(ctx, `  … and ${n - PREVIEW} more`);
  }
  if (watched.foreign.length > 0) {
    const n = watched.foreign.length;
    note(ctx, `the tenant returned ${n} token${n === 1 ? '' : 's'} of other users while watching (not revoked)`);
  }
}

/**
 * The exit code of a run that watched: 0 when the user ends with no tokens (the tokens minted
 * during the bulk run were the watch's to revoke), whatever the watch met on the way.
 */
export function watchExitCode(result: RevokeResult, watched: WatchResult): number {
  if (result.stopped?.kind === 'auth' || watched.stopped?.kind === 'auth') return ExitCode.auth;
  const remaining = watched.remaining;
  if (watched.stopped || remaining === undefined || remaining.length > 0) return ExitCode.failure;
  if (result.foreign.length > 0 || watched.foreign.length > 0) return ExitCode.failure;
  return ExitCode.ok;
}
