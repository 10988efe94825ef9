// `tokens revoke TOKEN_ID... [--yes]` and `tokens revoke --user ID|EMAIL|me --all [--yes]`.
// The engine in source/revoke does the work; this file is about the operator: refusing what must
// not happen (read-only, no TTY without --yes), asking on a TTY, progress, ctrl-c, the summary.
import {QlikError} from '../qlik/errors.js';
import type {QlikToken} from '../qlik/types.js';
import {
  countOutcomes,
  explainCounts,
  revokeTokens,
  type RevokeOptions,
  type RevokeResult,
  type TokenOutcome,
  watchUserTokens,
  type WatchResult,
} from '../revoke/index.js';
import {cleanPastedId, ID_CHARACTERS, safeText} from '../text/terminal-safe.js';
import {ExitCode, UsageError, type CommandContext} from './context.js';
import {note, printTable, writeJson, type Column} from './output.js';
import {parseCommandArgs} from './parse-args.js';
import {confirm, isInteractive, readLineRaw} from './prompts.js';
import {describeError, reportError} from './report-error.js';
import {resolveUser} from './resolve-user.js';
import {openSession, type Session} from './session.js';
import {exitOnInterrupt} from './interrupt.js';
import {progressLine} from './revoke-progress.js';
import {durationFlag, formatDuration} from './duration.js';
import {watchStatusLine} from './watch-status.js';

export const REVOKE_USAGE = `Usage
  qlik-tokens tokens revoke TOKEN_ID... [--yes] [--ignore-not-found]
  qlik-tokens tokens revoke --user ID|EMAIL|me --all [--yes] [--watch DURATION]

  Revokes tokens as fast as the tenant's rate limit allows, retrying transient failures, and
  records every token in the audit log (qlik-tokens audit) before its DELETE goes out and again
  with its outcome. Without a terminal, --yes is required. ctrl-c stops: requests in flight
  finish, the rest are listed as not tried.

  --user ID|EMAIL|me   the user whose tokens to revoke (with --all); only tokens whose owner is
                       that user are ever revoked, whatever else the tenant returns
  --all                every token of that user; tokens minted during the run are reported
  --watch DURATION     after the run, keep listing the user (every 3 s, slower for a user with
                       many pages) and revoke every new token as it appears, each in the audit
                       log, for DURATION (90s, 15m, 1h; at most 24h) or until ctrl-c: a live
                       session at the identity provider mints new tokens within seconds.
                       Exit 0 when the user ends with no tokens
  --yes, -y            do not ask
  --ignore-not-found   a TOKEN_ID the tenant does not know is no failure (exit 0)
  --json               every outcome as one JSON document on stdout (with --watch, the tokens
                       found while watching have "phase": "watch", the others "phase": "bulk")

A TOKEN_ID the tenant does not know is "not-found" (exit 1), not a success: a typo must not look
like a revocation. IDs with characters no Qlik ID has (anything but A-Z a-z 0-9 - _) are refused
before any request (exit 2).

Exit codes: 0 all revoked (or already gone) · 1 a token failed or was not found, new tokens
appeared, or the tenant returned other users' tokens · 2 refused or cancelled ·
3 authentication/authorisation failure
`;

// How many tokens the confirmation shows before "… and N more".
const PREVIEW = 5;

// conf's atomic writes load when-exit, which answers the first SIGINT by raising it again: one
// ctrl-c arrives twice, a millisecond apart. No operator presses twice that fast.
const REPEATED_SIGINT_MS = 300;

/** The longest --watch: a day. A containment that needs longer wants the identity provider fixed. */
const MAX_WATCH_MS = 24 * 3_600_000;

type Plan = ({kind: 'ids'; tokenIds: string[]} | {kind: 'user'; userSpec: string; watchMs?: number}) & {
  yes: boolean;
  ignoreNotFound: boolean;
};

/** Splits pasted input: IDs may come padded, several per argument, separated by spaces or commas. */
export function parseTokenIds(words: string[]): string[] {
  // A zero-width space left on a pasted ID would make the DELETE a 404, reported "already gone"
  // while the real token lives on.
  const ids = words.flatMap((word) => word.split(/[\s,]+/).map(cleanPastedId)).filter((id) => id !== '');
  return [...new Set(ids)];
}

function plan(args: string[]): Plan {
  const {values, positionals} = parseCommandArgs(args, {
    user: {type: 'string'},
    all: {type: 'boolean'},
    yes: {type: 'boolean', short: 'y'},
    'ignore-not-found': {type: 'boolean'},
    watch: {type: 'string'},
  });
  const tokenIds = parseTokenIds(positionals);
  const yes = values.yes === true;
  const ignoreNotFound = values['ignore-not-found'] === true;
  if (values.user !== undefined) {
    if (tokenIds.length > 0) throw new UsageError('pass token IDs or --user with --all, not both');
    if (!values.all)
      throw new UsageError(
        '--user revokes every token of a user only with --all (to revoke some of them, pass their IDs)',
      );
    if (cleanPastedId(values.user) === '') throw new UsageError('--user needs an ID, an email or "me"');
    const watchMs =
      values.watch === undefined
        ? undefined
        : durationFlag('watch', values.watch, {
            units: ['s', 'm', 'h'],
            minMs: 1000,
            maxMs: MAX_WATCH_MS,
            examples: '90s, 15m or 1h',
          });
    return {
      kind: 'user',
      userSpec: cleanPastedId(values.user),
      yes,
      ignoreNotFound,
      ...(watchMs === undefined ? {} : {watchMs}),
    };
  }
  if (values.watch !== undefined)
    throw new UsageError('--watch keeps revoking the new tokens of one user: it needs --user ID|EMAIL --all');
  if (values.all) throw new UsageError('--all needs --user ID|EMAIL|me');
  if (tokenIds.length === 0) throw new UsageError('which tokens? pass their IDs, or --user ID --all');
  // Refused before any request: no Qlik ID has such characters, and a 404 for it would say nothing.
  const malformed = tokenIds.filter((id) => !ID_CHARACTERS.test(id));
  if (malformed.length > 0) {
    const shown = malformed
      .slice(0, 3)
      .map((id) => `"${safeText(id.length > 40 ? `${id.slice(0, 39)}…` : id)}"`)
      .join(', ');
    throw new UsageError(
      `${malformed.length === 1 ? 'this is not a token ID' : `${malformed.length} of these are not token IDs`}: ${shown}${malformed.length > 3 ? ', …' : ''} (a Qlik token ID has only the characters A-Z a-z 0-9 - _); nothing was revoked`,
    );
  }
  return {kind: 'ids', tokenIds, yes, ignoreNotFound};
}

export async function runRevoke(ctx: CommandContext, args: string[]): Promise<number> {
  if (ctx.global.help) {
    ctx.stdout.write(REVOKE_USAGE);
    return ExitCode.ok;
  }
  const target = plan(args);

  let session: Session;
  try {
    session = openSession(ctx);
  } catch (error) {
    return reportError(error, ctx, 'qlik-tokens tokens revoke');
  }
  // Until the run starts (resolving the user, listing tokens): ctrl-c simply cancels.
  const release = exitOnInterrupt(ctx);
  try {
    if (session.readonly) {
      note(
        ctx,
        `qlik-tokens tokens revoke: refused: ${ctx.global.readonly ? '--readonly is set' : `profile "${session.profileName}" is read-only`}; nothing was revoked`,
      );
      return ExitCode.usage;
    }
    const interactive = isInteractive(ctx);
    if (!target.yes && !interactive) {
      note(ctx, 'qlik-tokens tokens revoke: refused: no terminal to confirm on; pass --yes to revoke without asking');
      return ExitCode.usage;
    }
    return await revokeWithSession(ctx, session, target, release);
  } catch (error) {
    return reportError(error, ctx, 'qlik-tokens tokens revoke');
  } finally {
    release();
    await session.close();
  }
}

async function revokeWithSession(
  ctx: CommandContext,
  session: Session,
  target: Plan,
  releaseInterrupt: () => void,
): Promise<number> {
  const {client} = session;
  const ask = !target.yes;
  const progress = progressLine(ctx.stderr);
  const controller = new AbortController();
  const base = {
    client,
    audit: {profile: session.profileName ?? '(environment)'},
    signal: controller.signal,
    onEvent: progress.onEvent,
  };
  let firstInterrupt = 0;
  const onSigint = () => {
    const now = Date.now();
    if (firstInterrupt === 0) {
      firstInterrupt = now;
      progress.clear();
      note(ctx, 'cancelling: no new requests; waiting for the ones in flight (ctrl-c again to quit now)');
      controller.abort(new QlikError({kind: 'cancelled', message: 'cancelled'}));
    } else if (now - firstInterrupt > REPEATED_SIGINT_MS) {
      // Every outcome so far is already in the audit log; only requests in flight are left unknown.
      process.exit(ExitCode.usage);
    }
  };

  let userLabel: string | undefined;
  let userShort = '';
  let userId: string | undefined;
  let confirmed: number | undefined;
  let options: RevokeOptions;
  if (target.kind === 'user') {
    const user = await resolveUser(client, target.userSpec);
    session.recordRecentUser(user);
    userId = user.id;
    userLabel = `${safeText(user.name)}${user.email ? ` <${safeText(user.email)}>` : ''} (${safeText(user.id)})`;
    userShort = safeText(user.email || user.name || user.id);
    const watchMs = target.watchMs;
    if (ask) {
      const listed = await client.listTokens({userId: user.id});
      // What is confirmed is what the engine will revoke: this user's tokens only (see engine.ts).
      const tokens = listed.filter((t) => t.userId === user.id);
      const others = listed.length - tokens.length;
      if (others > 0)
        note(
          ctx,
          `warning: the tenant returned ${others} token${others === 1 ? '' : 's'} of other users for this user; ${others === 1 ? 'it is' : 'they are'} left alone`,
        );
      if (tokens.length === 0 && watchMs !== undefined) {
        note(ctx, `${userLabel} has no tokens now`);
        if (!(await confirm(ctx, `Watch for ${formatDuration(watchMs)} and revoke every token that appears?`))) {
          note(ctx, 'cancelled; nothing was revoked');
          return ExitCode.usage;
        }
      } else if (tokens.length === 0) {
        note(ctx, `${userLabel} has no tokens; nothing to revoke`);
        return report(
          ctx,
          session,
          {
            outcomes: [],
            foreign: [],
            dropped: 0,
            newTokens: [],
            cancelled: false,
            durationMs: 0,
            counts: countOutcomes([]),
            userId,
          },
          {userId, ignoreNotFound: target.ignoreNotFound},
        );
      } else {
        note(ctx, `${tokens.length} token${tokens.length === 1 ? '' : 's'} of ${userLabel} on ${client.tenantUrl}:`);
        previewTokens(ctx, tokens);
        const then = watchMs === undefined ? '' : ` and watch for ${formatDuration(watchMs)}`;
        const typed = await readLineRaw(
          ctx,
          `Type ${tokens.length} to revoke them all${then} (anything else cancels): `,
          {mask: false},
        );
        if (typed.trim() !== String(tokens.length)) {
          note(ctx, 'cancelled; nothing was revoked');
          return ExitCode.usage;
        }
        confirmed = tokens.length;
      }
    }
    options = {...base, userId: user.id, all: true};
  } else {
    if (ask) {
      const n = target.tokenIds.length;
      note(ctx, `${n} token${n === 1 ? '' : 's'} on ${client.tenantUrl}:`);
      previewTokens(
        ctx,
        target.tokenIds.map((id) => ({id})),
      );
      if (!(await confirm(ctx, n === 1 ? 'Revoke it?' : `Revoke these ${n} tokens?`))) {
        note(ctx, 'cancelled; nothing was revoked');
        return ExitCode.usage;
      }
      confirmed = n;
    }
    options = {...base, tokenIds: target.tokenIds, origin: 'operator'};
  }

  releaseInterrupt();
  process.on('SIGINT', onSigint);
  let result: RevokeResult;
  try {
    result = await revokeTokens(options);
  } finally {
    process.off('SIGINT', onSigint);
    progress.clear();
  }
  let watched: WatchResult | undefined;
  if (target.kind === 'user' && target.watchMs !== undefined && userId !== undefined) {
    if (!result.cancelled && !result.stopped)
      watched = await watchAfter(ctx, session, {
        userId,
        who: userShort,
        durationMs: target.watchMs,
        known: result.outcomes.map((o) => o.tokenId),
      });
    else note(ctx, 'not watching: the run did not finish');
  }
  return report(ctx, session, result, {
    userId,
    userLabel,
    confirmed,
    ignoreNotFound: target.ignoreNotFound,
    ...(watched ? {watched} : {}),
  });
}

/** The watch after a bulk run; the first ctrl-c ends it (with its summary), a second one quits. */
async function watchAfter(
  ctx: CommandContext,
  session: Session,
  {userId, who, durationMs, known}: {userId: string; who: string; durationMs: number; known: string[]},
): Promise<WatchResult> {
  const controller = new AbortController();
  const status = watchStatusLine(ctx.stderr, who);
  let firstInterrupt = 0;
  const onSigint = () => {
    const now = Date.now();
    if (firstInterrupt === 0) {
      firstInterrupt = now;
      status.clear();
      note(ctx, 'ending the watch (ctrl-c again to quit now)');
      controller.abort(new QlikError({kind: 'cancelled', message: 'the watch was ended'}));
    } else if (now - firstInterrupt > REPEATED_SIGINT_MS) {
      process.exit(ExitCode.usage);
    }
  };
  note(
    ctx,
    `watching ${who} for ${formatDuration(durationMs)}: every new token is revoked as it appears (ctrl-c ends the watch)`,
  );
  process.on('SIGINT', onSigint);
  try {
    return await watchUserTokens({
      client: session.client,
      userId,
      durationMs,
      audit: {profile: session.profileName ?? '(environment)'},
      known,
      signal: controller.signal,
      onEvent: status.onEvent,
    });
  } finally {
    process.off('SIGINT', onSigint);
    status.clear();
  }
}

function previewTokens(ctx: CommandContext, tokens: Array<Pick<QlikToken, 'id'> & Partial<QlikToken>>): void {
  for (const token of tokens.slice(0, PREVIEW)) {
    const detail = [token.description, token.deviceType]
      .filter((v) => v !== null && v !== undefined && v !== '')
      .map(safeText)
      .join(' · ');
    note(ctx, `  ${safeText(token.id)}${detail ? `  ${detail}` : ''}`);
  }
  if (tokens.length > PREVIEW) note(ctx, `  … and ${tokens.length - PREVIEW} more`);
}

const OUTCOME_COLUMNS: Array<Column<TokenOutcome>> = [
  {header: 'TOKEN', value: (o) => o.tokenId, minWidth: 8, shrink: 1},
  {header: 'USER', value: (o) => o.userId ?? '', minWidth: 6, shrink: 2},
  {header: 'OUTCOME', value: (o) => o.outcome},
  {header: 'HTTP', value: (o) => o.status ?? '', align: 'right'},
  {header: 'DETAIL', value: (o) => (o.error ? `${o.error.kind}: ${o.error.message}` : ''), minWidth: 10, shrink: 3},
];

function report(
  ctx: CommandContext,
  session: Session,
  result: RevokeResult,
  who: {userId?: string; userLabel?: string; confirmed?: number; ignoreNotFound: boolean; watched?: WatchResult},
): number {
  const {counts} = result;
  const newTokens = result.newTokens ?? [];
  const {watched} = who;
  const explained = explainCounts(result, {
    ...(who.confirmed === undefined ? {} : {confirmed: who.confirmed}),
    ...(who.userLabel === undefined ? {} : {userLabel: who.userLabel}),
  });
  if (ctx.global.json) {
    writeJson(ctx, {
      profile: session.profileName ?? null,
      tenant: session.client.tenantUrl,
      ...(who.userId === undefined ? {} : {userId: who.userId}),
      cancelled: result.cancelled,
      ...(result.stopped ? {stopped: result.stopped} : {}),
      durationMs: result.durationMs,
      counts,
      ...(who.confirmed === undefined ? {} : {confirmed: who.confirmed}),
      reasons: explained.reasons,
      outcomes: watched
        ? [
            ...result.outcomes.map((o) => ({...o, phase: 'bulk'})),
            ...watched.outcomes.map(({foundAt, ...o}) => ({
              ...o,
              phase: 'watch',
              foundAt: new Date(foundAt).toISOString(),
            })),
          ]
        : result.outcomes,
      foreign: result.foreign,
      ...(result.settled ? {settled: result.settled} : {}),
      ...(who.userId === undefined ? {} : {newTokens}),
      ...(result.relistError ? {relistError: result.relistError} : {}),
      ...(watched ? {watch: watchJson(watched)} : {}),
    });
  } else if (watched && result.outcomes.length + watched.outcomes.length > 0) {
    printTable(
      ctx,
      [{header: 'PHASE', value: (o) => o.phase}, ...OUTCOME_COLUMNS],
      [
        ...result.outcomes.map((o) => ({...o, phase: 'bulk'})),
        ...watched.outcomes.map((o) => ({...o, phase: 'watch'})),
      ],
    );
  } else if (result.outcomes.length > 0) {
    // Revoking by ID, the owners are unknown (no endpoint returns one token): no empty column.
    const columns = result.outcomes.some((o) => o.userId !== undefined)
      ? OUTCOME_COLUMNS
      : OUTCOME_COLUMNS.filter((c) => c.header !== 'USER');
    printTable(ctx, columns, result.outcomes);
  }

  note(
    ctx,
    `${explained.headline} in ${(result.durationMs / 1000).toFixed(1)} s${who.userLabel ? ` — ${who.userLabel}` : ''}`,
  );
  for (const reason of explained.reasons) note(ctx, `  ${reason}`);
  if (result.foreign.length > 0) {
    note(ctx, 'tokens of other users the tenant returned (not revoked):');
    for (const token of result.foreign.slice(0, PREVIEW))
      note(ctx, `  ${safeText(token.tokenId)}  ${token.userId === null ? '(no owner given)' : safeText(token.userId)}`);
    if (result.foreign.length > PREVIEW) note(ctx, `  … and ${result.foreign.length - PREVIEW} more`);
  }
  if (result.stopped) note(ctx, `stopped: ${describeStop(result.stopped, ctx)}`);
  if (watched) {
    // The watch listed the user from its first second: the tokens minted during the run are its.
    return reportWatch(ctx, watched, result);
  }
  if (newTokens.length > 0) {
    note(
      ctx,
      `warning: ${newTokens.length} new token${newTokens.length === 1 ? '' : 's'} appeared during the run — a session of this user may still be active:`,
    );
    for (const token of newTokens)
      note(ctx, `  ${safeText(token.id)}${token.deviceType ? `  ${safeText(token.deviceType)}` : ''}`);
    note(ctx, 'run the command again to revoke them');
  }
  if (result.relistError) note(ctx, `could not check for new tokens after the run: ${result.relistError.message}`);

  if (result.stopped?.kind === 'auth') return ExitCode.auth;
  // Tokens whose request was cut short by the cancel are "failed" too, but the run's story is the cancel.
  const failedOnTheirOwn = result.outcomes.some((o) => o.outcome === 'failed' && o.error?.kind !== 'cancelled');
  const notFound = counts['not-found'] > 0 && !who.ignoreNotFound;
  if (failedOnTheirOwn || notFound || result.stopped) return ExitCode.failure;
  if (result.cancelled) return ExitCode.usage;
  if (newTokens.length > 0 || result.relistError || result.foreign.length > 0) return ExitCode.failure;
  return ExitCode.ok;
}

function watchJson(watched: WatchResult) {
  return {
    durationMs: watched.durationMs,
    endedBy: watched.endedBy,
    ...(watched.stopped ? {stopped: watched.stopped} : {}),
    polls: watched.polls,
    listFailures: watched.listFailures,
    seen: watched.outcomes.length,
    counts: watched.counts,
    remaining: watched.remaining?.map((t) => t.id) ?? null,
  };
}

/** The watch's summary on stderr, and the exit code of the whole command: 0 when the user ends with no tokens. */
function reportWatch(ctx: CommandContext, watched: WatchResult, bulk: RevokeResult): number {
  const {counts} = watched;
  const ended =
    watched.endedBy === 'duration' ? 'ended' : watched.endedBy === 'cancelled' ? 'ended by ctrl-c' : 'stopped';
  const parts = [
    `watch ${ended} after ${formatDuration(watched.durationMs)}`,
    `${watched.polls} listing${watched.polls === 1 ? '' : 's'}`,
    `${watched.outcomes.length} new token${watched.outcomes.length === 1 ? '' : 's'} seen`,
    `${counts.revoked} revoked`,
  ];
  if (counts['already-gone']) parts.push(`${counts['already-gone']} already gone`);
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts['not-tried']) parts.push(`${counts['not-tried']} not tried`);
  note(ctx, parts.join(' · '));
  if (watched.listFailures > 0)
    note(ctx, `  ${watched.listFailures} listing${watched.listFailures === 1 ? '' : 's'} failed; the watch went on`);
  if (watched.stopped) note(ctx, `stopped: ${describeStop(watched.stopped, ctx)}`);
  const remaining = watched.remaining;
  if (remaining === undefined) note(ctx, 'the user could not be listed: whether tokens remain is unknown');
  else if (remaining.length === 0) note(ctx, 'at the last listing the user held no tokens');
  else {
    note(
      ctx,
      `warning: at the last listing the user still held ${remaining.length} token${remaining.length === 1 ? '' : 's'}:`,
    );
    for (const token of remaining.slice(0, PREVIEW)) note(ctx, `  ${safeText(token.id)}`);
    if (remaining.length > PREVIEW) note(ctx, `  … and ${remaining.length - PREVIEW} more`);
  }
  if (watched.foreign.length > 0)
    note(
      ctx,
      `the tenant returned ${watched.foreign.length} token${watched.foreign.length === 1 ? '' : 's'} of other users while watching (not revoked)`,
    );
  if (bulk.stopped?.kind === 'auth' || watched.stopped?.kind === 'auth') return ExitCode.auth;
  if (watched.stopped || remaining === undefined || remaining.length > 0) return ExitCode.failure;
  if (bulk.foreign.length > 0 || watched.foreign.length > 0) return ExitCode.failure;
  return ExitCode.ok;
}

function describeStop(stopped: NonNullable<RevokeResult['stopped']>, ctx: CommandContext): string {
  if (stopped.kind === 'audit')
    return `the audit log could not be written (${stopped.message}); no further token was tried`;
  return describeError(new QlikError({kind: stopped.kind, message: stopped.message}), ctx.env);
}
