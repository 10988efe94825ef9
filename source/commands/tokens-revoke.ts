// `tokens revoke TOKEN_ID... [--yes]` and `tokens revoke --user ID|EMAIL|me --all [--yes]`.
// The engine in source/revoke does the work; this file is about the operator: refusing what must
// not happen (read-only, no TTY without --yes), asking on a TTY, progress, ctrl-c, the summary.
import {QlikError} from '../qlik/errors.js';
import type {QlikToken} from '../qlik/types.js';
import {
  countOutcomes,
  revokeTokens,
  type RevokeEvent,
  type RevokeOptions,
  type RevokeResult,
  type TokenOutcome,
} from '../revoke/index.js';
import {cleanPastedId, safeText} from '../text/terminal-safe.js';
import {ExitCode, UsageError, type CommandContext} from './context.js';
import {note, printTable, writeJson, type Column} from './output.js';
import {parseCommandArgs} from './parse-args.js';
import {confirm, isInteractive, readLineRaw} from './prompts.js';
import {describeError, reportError} from './report-error.js';
import {resolveUser} from './resolve-user.js';
import {openSession, type Session} from './session.js';
import {exitOnInterrupt} from './interrupt.js';

export const REVOKE_USAGE = `Usage
  qlik-tokens tokens revoke TOKEN_ID... [--yes]
  qlik-tokens tokens revoke --user ID|EMAIL|me --all [--yes]

  Revokes tokens as fast as the tenant's rate limit allows, retrying transient failures, and
  records every outcome in the audit log (qlik-tokens audit). Without a terminal, --yes is
  required. ctrl-c stops: requests in flight finish, the rest are listed as not tried.

  --user ID|EMAIL|me   the user whose tokens to revoke (with --all)
  --all                every token of that user; tokens minted during the run are reported
  --yes, -y            do not ask
  --json               every outcome as one JSON document on stdout

Exit codes: 0 all revoked (or already gone) · 1 a token failed, or new tokens appeared ·
2 refused or cancelled · 3 authentication/authorisation failure
`;

// How many tokens the confirmation shows before "… and N more".
const PREVIEW = 5;

// conf's atomic writes load when-exit, which answers the first SIGINT by raising it again: one
// ctrl-c arrives twice, a millisecond apart. No operator presses twice that fast.
const REPEATED_SIGINT_MS = 300;

type Plan = ({kind: 'ids'; tokenIds: string[]} | {kind: 'user'; userSpec: string}) & {yes: boolean};

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
  });
  const tokenIds = parseTokenIds(positionals);
  const yes = values.yes === true;
  if (values.user !== undefined) {
    if (tokenIds.length > 0) throw new UsageError('pass token IDs or --user with --all, not both');
    if (!values.all)
      throw new UsageError(
        '--user revokes every token of a user only with --all (to revoke some of them, pass their IDs)',
      );
    if (cleanPastedId(values.user) === '') throw new UsageError('--user needs an ID, an email or "me"');
    return {kind: 'user', userSpec: cleanPastedId(values.user), yes};
  }
  if (values.all) throw new UsageError('--all needs --user ID|EMAIL|me');
  if (tokenIds.length === 0) throw new UsageError('which tokens? pass their IDs, or --user ID --all');
  return {kind: 'ids', tokenIds, yes};
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
  const progress = progressLine(ctx);
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
  let userId: string | undefined;
  let options: RevokeOptions;
  if (target.kind === 'user') {
    const user = await resolveUser(client, target.userSpec);
    session.recordRecentUser(user);
    userId = user.id;
    userLabel = `${safeText(user.name)}${user.email ? ` <${safeText(user.email)}>` : ''} (${safeText(user.id)})`;
    if (ask) {
      const tokens = await client.listTokens({userId: user.id});
      if (tokens.length === 0) {
        note(ctx, `${userLabel} has no tokens; nothing to revoke`);
        return report(
          ctx,
          session,
          {outcomes: [], newTokens: [], cancelled: false, durationMs: 0, counts: countOutcomes([])},
          {userId},
        );
      }
      note(ctx, `${tokens.length} token${tokens.length === 1 ? '' : 's'} of ${userLabel} on ${client.tenantUrl}:`);
      previewTokens(ctx, tokens);
      const typed = await readLineRaw(ctx, `Type ${tokens.length} to revoke them all (anything else cancels): `, {
        mask: false,
      });
      if (typed.trim() !== String(tokens.length)) {
        note(ctx, 'cancelled; nothing was revoked');
        return ExitCode.usage;
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
    }
    options = {...base, tokenIds: target.tokenIds};
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
  return report(ctx, session, result, {userId, userLabel});
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

/** `\r`-rewritten status on stderr, only on a terminal: a pipe or a log file gets no progress noise. */
function progressLine(ctx: CommandContext): {onEvent: (event: RevokeEvent) => void; clear: () => void} {
  const tty = ctx.stderr.isTTY === true;
  let shown = false;
  let total = 0;
  const counts = {revoked: 0, gone: 0, failed: 0};
  let heldUntil = 0;
  let heldBy: 'rate limited' | 'pacing to the rate limit' = 'rate limited';
  let tick: NodeJS.Timeout | undefined;
  const draw = (text: string) => {
    if (!tty) return;
    const width = Math.max(20, (ctx.stderr.columns ?? 80) - 1);
    ctx.stderr.write(`\r\u001b[K${text.slice(0, width)}`);
    shown = true;
  };
  const status = (done: number) => {
    const wait = heldUntil - Date.now();
    const parts = [`revoking ${done}/${total}`, `${counts.revoked} revoked`];
    if (counts.gone) parts.push(`${counts.gone} already gone`);
    if (counts.failed) parts.push(`${counts.failed} failed`);
    if (wait > 0) parts.push(`${heldBy}: resuming in ${Math.ceil(wait / 1000)} s`);
    draw(parts.join(' · '));
  };
  let done = 0;
  return {
    onEvent(event) {
      switch (event.type) {
        case 'started':
          total = event.total;
          status(0);
          break;
        case 'outcome':
          done = event.done;
          if (event.outcome.outcome === 'revoked') counts.revoked++;
          else if (event.outcome.outcome === 'already-gone') counts.gone++;
          else if (event.outcome.outcome === 'failed') counts.failed++;
          status(done);
          break;
        case 'rate-limited':
        case 'paced':
          heldUntil = event.until;
          heldBy = event.type === 'paced' ? 'pacing to the rate limit' : 'rate limited';
          status(done);
          // The countdown ticks by itself: no outcome arrives while every worker waits.
          if (tty && tick === undefined) {
            tick = setInterval(
              () => (heldUntil > Date.now() ? status(done) : (clearInterval(tick), (tick = undefined))),
              1000,
            );
            tick.unref();
          }
          break;
        case 'checking-new-tokens':
          draw('checking for tokens created during the run…');
          break;
        case 'done':
          break;
      }
    },
    clear() {
      if (tick !== undefined) clearInterval(tick);
      if (tty && shown) ctx.stderr.write('\r\u001b[K');
      shown = false;
    },
  };
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
  who: {userId?: string; userLabel?: string},
): number {
  const {counts} = result;
  const newTokens = result.newTokens ?? [];
  if (ctx.global.json) {
    writeJson(ctx, {
      profile: session.profileName ?? null,
      tenant: session.client.tenantUrl,
      ...(who.userId === undefined ? {} : {userId: who.userId}),
      cancelled: result.cancelled,
      ...(result.stopped ? {stopped: result.stopped} : {}),
      durationMs: result.durationMs,
      counts,
      outcomes: result.outcomes,
      ...(who.userId === undefined ? {} : {newTokens}),
      ...(result.relistError ? {relistError: result.relistError} : {}),
    });
  } else if (result.outcomes.length > 0) {
    // Revoking by ID, the owners are unknown (no endpoint returns one token): no empty column.
    const columns = result.outcomes.some((o) => o.userId !== undefined)
      ? OUTCOME_COLUMNS
      : OUTCOME_COLUMNS.filter((c) => c.header !== 'USER');
    printTable(ctx, columns, result.outcomes);
  }

  const summary = [`${counts.revoked} revoked`, `${counts['already-gone']} already gone`, `${counts.failed} failed`];
  if (counts['not-tried']) summary.push(`${counts['not-tried']} not tried`);
  note(
    ctx,
    `${summary.join(' · ')} in ${(result.durationMs / 1000).toFixed(1)} s${who.userLabel ? ` — ${who.userLabel}` : ''}`,
  );
  if (result.cancelled) note(ctx, 'cancelled: the tokens marked not-tried were left as they were');
  if (result.stopped) note(ctx, `stopped: ${describeStop(result.stopped, ctx)}`);
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
  if (failedOnTheirOwn || result.stopped) return ExitCode.failure;
  if (result.cancelled) return ExitCode.usage;
  if (newTokens.length > 0 || result.relistError) return ExitCode.failure;
  return ExitCode.ok;
}

function describeStop(stopped: NonNullable<RevokeResult['stopped']>, ctx: CommandContext): string {
  if (stopped.kind === 'audit')
    return `the audit log could not be written (${stopped.message}); no further token was tried`;
  return describeError(new QlikError({kind: stopped.kind, message: stopped.message}), ctx.env);
}
