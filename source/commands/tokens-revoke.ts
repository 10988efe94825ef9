// `tokens revoke TOKEN_ID... [--yes]` and `tokens revoke --user ID|EMAIL|me --all [--yes]`.
// The engine in source/revoke does the work; this file is about the operator: refusing what must
// not happen (read-only, no TTY without --yes), asking on a TTY, progress, ctrl-c, the summary.
import {QlikError} from '../qlik/errors.js';
import type {QlikToken, QlikUser} from '../qlik/types.js';
import {
  countOutcomes,
  describeCriteria,
  explainCounts,
  hasCriteria,
  revokeTokens,
  type RevokeOptions,
  type RevokeResult,
  type TokenCriteria,
  type TokenOutcome,
  type WatchResult,
} from '../revoke/index.js';
import {cleanPastedId, ID_CHARACTERS, safeText} from '../text/terminal-safe.js';
import {ExitCode, UsageError, type CommandContext} from './context.js';
import {note, printTable, writeJson, type Column} from './output.js';
import {parseCommandArgs} from './parse-args.js';
import {confirm, isInteractive, readLineRaw} from './prompts.js';
import {CRITERIA_OPTIONS, CRITERIA_USAGE, criteriaFrom} from './criteria-flags.js';
import {listTokensOf, printListing, tokenJson, type TokenListing} from './tokens.js';
import {describeError, reportError} from './report-error.js';
import {resolveUser} from './resolve-user.js';
import {openSession, type Session} from './session.js';
import {cancelOnInterrupt, exitOnInterrupt} from './interrupt.js';
import {progressLine} from './revoke-progress.js';
import {durationFlag, formatDuration} from './duration.js';
import {
  MAX_WATCH_MS,
  phasedOutcomes,
  printWatchReport,
  watchAfterRun,
  watchExitCode,
  watchJson,
} from './revoke-watch.js';

export const REVOKE_USAGE = `Usage
  qlik-tokens tokens revoke TOKEN_ID... [--yes] [--ignore-not-found] [--dry-run]
  qlik-tokens tokens revoke --user ID|EMAIL|me --all [--yes] [--watch DURATION] [--dry-run] [--all-profiles]
  qlik-tokens tokens revoke CRITERIA [--user ID|EMAIL|me] [--yes] [--dry-run]

  Revokes tokens as fast as the tenant's rate limit allows, retrying transient failures, and
  records every token in the audit log (qlik-tokens audit) before its DELETE goes out and again
  with its outcome. Without a terminal, --yes is required. ctrl-c stops: requests in flight
  finish, the rest are listed as not tried.

  --user ID|EMAIL|me   the user whose tokens to revoke (with --all or CRITERIA); only tokens whose
                       owner is that user are ever revoked, whatever else the tenant returns
  --all                every token of that user; tokens minted during the run are reported
  --watch DURATION     after the run, keep listing the user (every 3 s, slower for a user with
                       many pages) and revoke every new token as it appears, each in the audit
                       log, for DURATION (90s, 15m, 1h; at most 24h) or until ctrl-c: a live
                       session at the identity provider mints new tokens within seconds.
                       Exit 0 when the user ends with no tokens
  --yes, -y            do not ask
  --dry-run            list exactly what would be revoked (as tokens list does, --json too) and
                       revoke nothing: no DELETE is sent; exit 0
  --ignore-not-found   a TOKEN_ID the tenant does not know is no failure (exit 0)
  --all-profiles       with --user EMAIL|me --all: on every stored profile at once, each within
                       its own tenant's rate limit; one confirmation for the total (per tenant
                       listed); a profile that fails is reported and the others go on (exit 1);
                       with --watch, each tenant is watched as soon as its own run ends
  --json               every outcome as one JSON document on stdout (with --watch, the tokens
                       found while watching have "phase": "watch", the others "phase": "bulk")

CRITERIA (hygiene: tenant-wide, or one user's with --user; all given must hold):
${CRITERIA_USAGE}
  On a terminal the matching tokens are counted and listed, and the count must be typed to go
  on; without one, --yes is required.

A TOKEN_ID the tenant does not know is "not-found" (exit 1), not a success: a typo must not look
like a revocation. IDs with characters no Qlik ID has (anything but A-Z a-z 0-9 - _) are refused
before any request (exit 2).

Exit codes: 0 all revoked (or already gone), or a dry run · 1 a token failed or was not found,
new tokens appeared, the tenant returned other users' tokens, or a profile failed
(--all-profiles) · 2 refused or cancelled · 3 authentication/authorisation failure.
With --watch: 0 when the user ends with no tokens (ctrl-c during the watch included), 1 when
some remain
`;

// How many tokens the confirmation shows before "… and N more".
const PREVIEW = 5;

export type RevokeTarget =
  | {kind: 'ids'; tokenIds: string[]}
  | {kind: 'user'; userSpec: string; watchMs?: number}
  | {kind: 'criteria'; userSpec?: string; criteria: TokenCriteria};

export type Plan = RevokeTarget & {
  yes: boolean;
  ignoreNotFound: boolean;
  dryRun: boolean;
  allProfiles: boolean;
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
    'dry-run': {type: 'boolean'},
    'all-profiles': {type: 'boolean'},
    watch: {type: 'string'},
    ...CRITERIA_OPTIONS,
  });
  const tokenIds = parseTokenIds(positionals);
  const flags = {
    yes: values.yes === true,
    ignoreNotFound: values['ignore-not-found'] === true,
    dryRun: values['dry-run'] === true,
    allProfiles: values['all-profiles'] === true,
  };
  const criteria = criteriaFrom(values);
  const userSpec = values.user === undefined ? undefined : cleanPastedId(values.user);
  if (userSpec === '') throw new UsageError('--user needs an ID, an email or "me"');
  const watchMs =
    values.watch === undefined
      ? undefined
      : durationFlag('watch', values.watch, {
          units: ['s', 'm', 'h'],
          minMs: 1000,
          maxMs: MAX_WATCH_MS,
          examples: '90s, 15m or 1h',
        });
  if (watchMs !== undefined) {
    if (userSpec === undefined || !values.all || tokenIds.length > 0 || hasCriteria(criteria))
      throw new UsageError('--watch keeps revoking the new tokens of one user: it needs --user ID|EMAIL --all');
    if (flags.dryRun) throw new UsageError('--watch revokes what appears; --dry-run revokes nothing: pass one of them');
  }
  if (hasCriteria(criteria)) {
    if (tokenIds.length > 0)
      throw new UsageError('pass token IDs or criteria (--unused-for, --device, --description), not both');
    if (values.all)
      throw new UsageError('--all revokes every token of the user, criteria pick some of them: pass one or the other');
    if (flags.allProfiles && userSpec === undefined)
      throw new UsageError("--all-profiles revokes one person's tokens everywhere: it needs --user EMAIL|me");
    return {kind: 'criteria', criteria, ...(userSpec === undefined ? {} : {userSpec}), ...flags};
  }
  if (userSpec !== undefined) {
    if (tokenIds.length > 0) throw new UsageError('pass token IDs or --user with --all, not both');
    if (!values.all)
      throw new UsageError(
        '--user revokes every token of a user only with --all (to revoke some of them, pass their IDs or criteria)',
      );
    return {kind: 'user', userSpec, ...flags, ...(watchMs === undefined ? {} : {watchMs})};
  }
  if (values.all) throw new UsageError('--all needs --user ID|EMAIL|me');
  if (tokenIds.length === 0) throw new UsageError('which tokens? pass their IDs, --user ID --all, or criteria');
  if (flags.allProfiles)
    throw new UsageError('token IDs belong to one tenant: --all-profiles takes --user EMAIL|me --all');
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
  return {kind: 'ids', tokenIds, ...flags};
}

export async function runRevoke(ctx: CommandContext, args: string[]): Promise<number> {
  if (ctx.global.help) {
    ctx.stdout.write(REVOKE_USAGE);
    return ExitCode.ok;
  }
  const target = plan(args);
  if (target.allProfiles) {
    const {revokeEveryProfile} = await import('./all-profiles.js');
    return revokeEveryProfile(ctx, target);
  }

  let session: Session;
  try {
    session = openSession(ctx);
  } catch (error) {
    return reportError(error, ctx, 'qlik-tokens tokens revoke');
  }
  // Until the run starts (resolving the user, listing tokens): ctrl-c simply cancels.
  const release = exitOnInterrupt(ctx);
  try {
    // A dry run revokes nothing: neither read-only nor a missing --yes stands in its way.
    if (target.dryRun) return await dryRun(ctx, session, target);
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
  const interrupt = cancelOnInterrupt(ctx, progress.clear);
  const base = {
    client,
    audit: {profile: session.profileName ?? '(environment)'},
    signal: interrupt.signal,
    onEvent: progress.onEvent,
  };

  let userLabel: string | undefined;
  let userShort = '';
  let userId: string | undefined;
  let confirmed: number | undefined;
  let options: RevokeOptions;
  const watchMs = target.kind === 'user' ? target.watchMs : undefined;
  if (target.kind === 'user') {
    const user = await resolveUser(client, target.userSpec);
    session.recordRecentUser(user);
    userId = user.id;
    userLabel = labelOf(user);
    userShort = safeText(user.email || user.name || user.id);
    if (ask) {
      const {tokens, foreign} = ownTokens(await client.listTokens({userId: user.id}), user.id);
      // What is confirmed is what the engine will revoke: this user's tokens only (see engine.ts).
      warnForeign(ctx, foreign);
      if (tokens.length === 0 && watchMs !== undefined) {
        note(ctx, `${userLabel} has no tokens now`);
        if (!(await confirm(ctx, `Watch for ${formatDuration(watchMs)} and revoke every token that appears?`))) {
          note(ctx, 'cancelled; nothing was revoked');
          return ExitCode.usage;
        }
      } else if (tokens.length === 0) {
        note(ctx, `${userLabel} has no tokens; nothing to revoke`);
        return report(ctx, session, emptyResult(userId), {userId, ignoreNotFound: target.ignoreNotFound});
      } else {
        note(ctx, `${tokens.length} token${tokens.length === 1 ? '' : 's'} of ${userLabel} on ${client.tenantUrl}:`);
        previewTokens(ctx, tokens);
        const what = watchMs === undefined ? undefined : `revoke them all and watch for ${formatDuration(watchMs)}`;
        if (!(await typedCount(ctx, tokens.length, what))) {
          note(ctx, 'cancelled; nothing was revoked');
          return ExitCode.usage;
        }
        confirmed = tokens.length;
      }
    }
    options = {...base, userId: user.id, all: true};
  } else if (target.kind === 'criteria') {
    const listing = await listTokensOf(session, target.userSpec, target.criteria);
    if (listing.user) {
      userId = listing.user.id;
      userLabel = labelOf(listing.user);
    }
    const {tokens, foreign} = ownTokens(listing.tokens, userId);
    if (ask) warnForeign(ctx, foreign);
    const what = `${describeCriteria(target.criteria)}${userLabel ? ` of ${userLabel}` : ''} on ${client.tenantUrl}`;
    if (tokens.length === 0) {
      if (!ask) warnForeign(ctx, foreign);
      note(ctx, `nothing to revoke: no token matches (${what})`);
      return report(ctx, session, emptyResult(userId), {userId, ignoreNotFound: target.ignoreNotFound});
    }
    if (ask) {
      note(ctx, `${tokens.length} token${tokens.length === 1 ? '' : 's'} ${what}:`);
      previewTokens(ctx, tokens);
      if (!(await typedCount(ctx, tokens.length))) {
        note(ctx, 'cancelled; nothing was revoked');
        return ExitCode.usage;
      }
      confirmed = tokens.length;
    }
    // Picked from a listing: a 404 is already-gone. With a user, the engine's owner check sends
    // only that user's and reports the others the tenant returned (exit 1), as a bulk run does.
    options = {
      ...base,
      tokenIds: [...tokens, ...foreign].map((t) => ({id: t.id, userId: t.userId})),
      origin: 'listing',
      ...(userId === undefined ? {} : {expectUserId: userId}),
    };
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
  interrupt.arm();
  let result: RevokeResult;
  try {
    result = await revokeTokens(options);
  } finally {
    interrupt.disarm();
    progress.clear();
  }
  let watched: WatchResult | undefined;
  if (watchMs !== undefined && userId !== undefined) {
    if (!result.cancelled && !result.stopped)
      watched = await watchAfterRun(ctx, session, {
        userId,
        who: userShort,
        durationMs: watchMs,
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

/** "Ann <ann@x> (ID)", inert. */
export function labelOf(user: QlikUser): string {
  return `${safeText(user.name)}${user.email ? ` <${safeText(user.email)}>` : ''} (${safeText(user.id)})`;
}

/** A listing's tokens of `userId` (all of them without one), and those of anybody else: never revoked. */
export function ownTokens(
  listed: QlikToken[],
  userId: string | undefined,
): {tokens: QlikToken[]; foreign: QlikToken[]} {
  if (userId === undefined) return {tokens: listed, foreign: []};
  return {tokens: listed.filter((t) => t.userId === userId), foreign: listed.filter((t) => t.userId !== userId)};
}

export function warnForeign(ctx: CommandContext, foreign: QlikToken[], where = ''): void {
  if (foreign.length === 0) return;
  const n = foreign.length;
  note(
    ctx,
    `warning: ${where}the tenant returned ${n} token${n === 1 ? '' : 's'} of other users for this user; ${n === 1 ? 'it is' : 'they are'} left alone`,
  );
}

/** On a terminal: the operator types the count to go on; anything else cancels. */
export async function typedCount(ctx: CommandContext, count: number, what = 'revoke them all'): Promise<boolean> {
  const typed = await readLineRaw(ctx, `Type ${count} to ${what} (anything else cancels): `, {mask: false});
  return typed.trim() === String(count);
}

export function emptyResult(userId: string | undefined): RevokeResult {
  return {
    outcomes: [],
    foreign: [],
    dropped: 0,
    ...(userId === undefined ? {} : {newTokens: [], userId}),
    cancelled: false,
    durationMs: 0,
    counts: countOutcomes([]),
  };
}

/** What `--dry-run` would revoke on one tenant: resolved exactly as a real run resolves it, no DELETE. */
export async function dryRunSelection(
  session: Pick<Session, 'client' | 'recordRecentUser'>,
  target: RevokeTarget,
): Promise<{listing: TokenListing; foreign: QlikToken[]; unknownIds: string[]}> {
  if (target.kind === 'ids') {
    // No endpoint returns one token: the tenant's listing says which of the IDs it knows.
    const all = await session.client.listTokens({});
    const byId = new Map(all.map((t) => [t.id, t]));
    const tokens = target.tokenIds.flatMap((id) => byId.get(id) ?? []);
    return {listing: {user: undefined, tokens}, foreign: [], unknownIds: target.tokenIds.filter((id) => !byId.has(id))};
  }
  const listing = await listTokensOf(session, target.userSpec, target.kind === 'criteria' ? target.criteria : {});
  const {tokens, foreign} = ownTokens(listing.tokens, listing.user?.id);
  return {listing: {user: listing.user, tokens}, foreign, unknownIds: []};
}

async function dryRun(ctx: CommandContext, session: Session, target: Plan): Promise<number> {
  const {listing, foreign, unknownIds} = await dryRunSelection(session, target);
  if (ctx.global.json) writeJson(ctx, listing.tokens.map(tokenJson));
  else
    await printListing(ctx, session.client, listing, {
      lead: 'would revoke ',
      ...(target.kind === 'criteria' ? {criteria: target.criteria} : {}),
    });
  warnForeign(ctx, foreign);
  if (unknownIds.length > 0) {
    const shown = unknownIds.slice(0, PREVIEW).map(safeText).join(', ');
    note(
      ctx,
      `${unknownIds.length} ID${unknownIds.length === 1 ? '' : 's'} the tenant does not know (a real run reports ${unknownIds.length === 1 ? 'it' : 'them'} not-found): ${shown}${unknownIds.length > PREVIEW ? ', …' : ''}`,
    );
  }
  if (session.readonly)
    note(
      ctx,
      `(${ctx.global.readonly ? '--readonly is set' : `profile "${session.profileName}" is read-only`}: a real run would be refused)`,
    );
  note(ctx, 'dry run: nothing was revoked');
  return ExitCode.ok;
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

export type RunLabels = {
  userId?: string;
  userLabel?: string;
  confirmed?: number;
  ignoreNotFound: boolean;
  /** --all-profiles: the profile the run was on, leading its headline. */
  profile?: string;
  /** --watch: what the watch after the run did. */
  watched?: WatchResult;
};

function report(ctx: CommandContext, session: Session, result: RevokeResult, who: RunLabels): number {
  if (ctx.global.json)
    writeJson(ctx, revokeDocument(session.profileName ?? null, session.client.tenantUrl, result, who));
  printRevokeReport(ctx, result, who);
  return revokeExitCode(result, who);
}

/** The documented `tokens revoke --json` document of one run. */
export function revokeDocument(
  profile: string | null,
  tenant: string,
  result: RevokeResult,
  who: RunLabels,
): Record<string, unknown> {
  const explained = explainCounts(result, {
    ...(who.confirmed === undefined ? {} : {confirmed: who.confirmed}),
    ...(who.userLabel === undefined ? {} : {userLabel: who.userLabel}),
  });
  return {
    profile,
    tenant,
    ...(who.userId === undefined ? {} : {userId: who.userId}),
    cancelled: result.cancelled,
    ...(result.stopped ? {stopped: result.stopped} : {}),
    durationMs: result.durationMs,
    counts: result.counts,
    ...(who.confirmed === undefined ? {} : {confirmed: who.confirmed}),
    reasons: explained.reasons,
    outcomes: who.watched ? phasedOutcomes(result, who.watched) : result.outcomes,
    foreign: result.foreign,
    ...(result.settled ? {settled: result.settled} : {}),
    ...(who.userId === undefined ? {} : {newTokens: result.newTokens ?? []}),
    ...(result.relistError ? {relistError: result.relistError} : {}),
    ...(who.watched ? {watch: watchJson(who.watched)} : {}),
  };
}

/** The outcome table (human output only), the headline, the reasons and every warning, on stderr. */
export function printRevokeReport(ctx: CommandContext, result: RevokeResult, who: RunLabels): void {
  const newTokens = result.newTokens ?? [];
  const explained = explainCounts(result, {
    ...(who.confirmed === undefined ? {} : {confirmed: who.confirmed}),
    ...(who.userLabel === undefined ? {} : {userLabel: who.userLabel}),
  });
  const {watched} = who;
  if (!ctx.global.json && watched && result.outcomes.length + watched.outcomes.length > 0) {
    const phased = [
      ...result.outcomes.map((o) => ({...o, phase: 'bulk'})),
      ...watched.outcomes.map((o) => ({...o, phase: 'watch'})),
    ];
    printTable(ctx, [{header: 'PHASE', value: (o) => o.phase}, ...OUTCOME_COLUMNS], phased);
  } else if (!ctx.global.json && result.outcomes.length > 0) {
    // Revoking by ID, the owners are unknown (no endpoint returns one token): no empty column.
    const columns = result.outcomes.some((o) => o.userId !== undefined)
      ? OUTCOME_COLUMNS
      : OUTCOME_COLUMNS.filter((c) => c.header !== 'USER');
    printTable(ctx, columns, result.outcomes);
  }
  note(
    ctx,
    `${who.profile ? `${who.profile}: ` : ''}${explained.headline} in ${(result.durationMs / 1000).toFixed(1)} s${who.userLabel ? ` — ${who.userLabel}` : ''}`,
  );
  for (const reason of explained.reasons) note(ctx, `  ${reason}`);
  if (result.foreign.length > 0) {
    note(ctx, 'tokens of other users the tenant returned (not revoked):');
    for (const token of result.foreign.slice(0, PREVIEW))
      note(ctx, `  ${safeText(token.tokenId)}  ${token.userId === null ? '(no owner given)' : safeText(token.userId)}`);
    if (result.foreign.length > PREVIEW) note(ctx, `  … and ${result.foreign.length - PREVIEW} more`);
  }
  if (result.stopped) note(ctx, `stopped: ${describeStop(result.stopped, ctx)}`);
  // The watch listed the user from its first second: the tokens minted during the run were its.
  if (watched) return printWatchReport(ctx, watched);
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
}

/** The exit code of one run (see REVOKE_USAGE). */
export function revokeExitCode(result: RevokeResult, who: Pick<RunLabels, 'ignoreNotFound' | 'watched'>): number {
  if (who.watched) return watchExitCode(result, who.watched);
  const {counts} = result;
  const newTokens = result.newTokens ?? [];
  if (result.stopped?.kind === 'auth') return ExitCode.auth;
  // Tokens whose request was cut short by the cancel are "failed" too, but the run's story is the cancel.
  const failedOnTheirOwn = result.outcomes.some((o) => o.outcome === 'failed' && o.error?.kind !== 'cancelled');
  const notFound = counts['not-found'] > 0 && !who.ignoreNotFound;
  if (failedOnTheirOwn || notFound || result.stopped) return ExitCode.failure;
  if (result.cancelled) return ExitCode.usage;
  if (newTokens.length > 0 || result.relistError || result.foreign.length > 0) return ExitCode.failure;
  return ExitCode.ok;
}

function describeStop(stopped: NonNullable<RevokeResult['stopped']>, ctx: CommandContext): string {
  if (stopped.kind === 'audit')
    return `the audit log could not be written (${stopped.message}); no further token was tried`;
  return describeError(new QlikError({kind: stopped.kind, message: stopped.message}), ctx.env);
}
