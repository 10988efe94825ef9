// `--all-profiles`: one command on every stored profile at once — an organisation with prod,
// staging and regional tenants contains a person everywhere in one go.
//
// - One session (and so one client, one access-token cache, one rate gate, one engine limiter) per
//   profile: each tenant's budget is its own, and a slow or throttled tenant holds only itself.
// - The profiles run concurrently; one that fails (unreachable, bad credentials, user not there,
//   read-only) is reported under its name and the others go on; the exit code is then 1.
// - Output is grouped by profile, in the store's order; every --json entry names its `profile`.
import type {QlikToken, QlikUser} from '../qlik/types.js';
import {openProfileStore, ProfileStoreError, hasAnyOverride, readEnvOverrides} from '../profiles/index.js';
import {
  describeCriteria,
  revokeTokens,
  type RevokeOptions,
  type RevokeResult,
  type TokenCriteria,
  type WatchResult,
  watchUserTokens,
} from '../revoke/index.js';
import {ExitCode, UsageError, type CommandContext} from './context.js';
import {cancelOnInterrupt, exitOnInterrupt} from './interrupt.js';
import {heading, note, say, writeJson} from './output.js';
import {formatDuration} from './duration.js';
import {confirm, isInteractive} from './prompts.js';
import {describeError} from './report-error.js';
import {resolveUser} from './resolve-user.js';
import {fleetProgressLine} from './revoke-progress.js';
import {NO_PROFILE_HELP, openSession, type Session} from './session.js';
import {listTokensOf, printListing, tokenJson, type TokenListing} from './tokens.js';
import {printUsers} from './users.js';
import {
  dryRunSelection,
  emptyResult,
  labelOf,
  ownTokens,
  printRevokeReport,
  revokeDocument,
  revokeExitCode,
  typedCount,
  warnForeign,
  type Plan,
  type RunLabels,
} from './tokens-revoke.js';

/** What one profile gave: its value, or why it failed. */
export type ProfileOutcome<T> = {profile: string; tenant: string} & (
  {ok: true; value: T} | {ok: false; error: unknown}
);

type Member = {profile: string; tenant: string; session?: Session; error?: unknown};

/**
 * A session for every stored profile, in the store's order. --profile and the QLIK_* overrides
 * name one tenant: with --all-profiles they are refused (exit 2), not silently applied to all.
 */
function openEveryProfile(ctx: CommandContext): Member[] {
  if (ctx.global.profile !== undefined)
    throw new UsageError('--all-profiles runs on every profile: leave out --profile');
  if (hasAnyOverride(readEnvOverrides(ctx.env)))
    throw new UsageError(
      '--all-profiles runs on the stored profiles: unset QLIK_TENANT, QLIK_CLIENT_ID and QLIK_CLIENT_SECRET (they override one profile)',
    );
  const store = openProfileStore({env: ctx.env, onWarning: (message) => ctx.stderr.write(`${message}\n`)});
  const profiles = store.list();
  if (profiles.length === 0) throw new ProfileStoreError('no-profile', NO_PROFILE_HELP);
  return profiles.map((profile) => {
    try {
      const session = openSession(ctx, {store, profileName: profile.name});
      return {profile: profile.name, tenant: session.credentials.tenantUrl, session};
    } catch (error) {
      // A hand-edited profile with a tenant URL that is no URL: that profile fails, not the run.
      return {profile: profile.name, tenant: profile.tenantUrl, error};
    }
  });
}

/** Runs `work` on every profile concurrently and closes every session after. */
async function onEveryProfile<T>(
  members: Member[],
  work: (session: Session, member: Member) => Promise<T>,
): Promise<Array<ProfileOutcome<T>>> {
  return Promise.all(
    members.map(async (member): Promise<ProfileOutcome<T>> => {
      const where = {profile: member.profile, tenant: member.tenant};
      if (!member.session) return {...where, ok: false, error: member.error};
      try {
        return {...where, ok: true, value: await work(member.session, member)};
      } catch (error) {
        return {...where, ok: false, error};
      }
    }),
  );
}

async function closeAll(members: Member[]): Promise<void> {
  await Promise.all(members.map((m) => m.session?.close().catch(() => {})));
}

function hostOf(tenant: string): string {
  try {
    return new URL(tenant).host;
  } catch {
    return tenant;
  }
}

function failure(ctx: CommandContext, outcome: {tenant: string; error: unknown}): string {
  return describeError(outcome.error, ctx.env, hostOf(outcome.tenant));
}

/** A read-only profile in a revocation: it fails, the others go on. */
class ReadonlyProfileError extends Error {}

/** The --json entry of a profile that failed. */
function failedEntry(ctx: CommandContext, outcome: ProfileOutcome<unknown> & {ok: false}): Record<string, unknown> {
  const error = outcome.error as {kind?: unknown};
  const kind =
    outcome.error instanceof ReadonlyProfileError
      ? 'read-only'
      : typeof error?.kind === 'string'
        ? error.kind
        : outcome.error instanceof UsageError
          ? 'usage'
          : 'unknown';
  return {profile: outcome.profile, tenant: outcome.tenant, error: {kind, message: failure(ctx, outcome)}};
}

function groupHeading(ctx: CommandContext, outcome: {profile: string; tenant: string}): void {
  heading(ctx, `== ${outcome.profile} (${outcome.tenant})`);
}

/** Exit 1 when a profile failed, else `others` (the worst of the profiles' own codes). */
function fleetExit(outcomes: Array<ProfileOutcome<unknown>>, others: number[] = []): number {
  if (outcomes.some((o) => !o.ok)) return ExitCode.failure;
  if (others.some((code) => code !== ExitCode.ok && code !== ExitCode.usage)) return ExitCode.failure;
  if (others.includes(ExitCode.usage)) return ExitCode.usage;
  return ExitCode.ok;
}

function summaryLine(ctx: CommandContext, outcomes: Array<ProfileOutcome<unknown>>): void {
  const failed = outcomes.filter((o) => !o.ok);
  const n = outcomes.length;
  note(
    ctx,
    `${n} profile${n === 1 ? '' : 's'}: ${n - failed.length} answered${failed.length > 0 ? `, ${failed.length} failed (${failed.map((o) => o.profile).join(', ')})` : ''}`,
  );
}

/** Runs a read-only command everywhere: the boilerplate of opening, ctrl-c and closing. */
async function readEverywhere<T>(
  ctx: CommandContext,
  work: (session: Session) => Promise<T>,
): Promise<Array<ProfileOutcome<T>>> {
  const members = openEveryProfile(ctx);
  const release = exitOnInterrupt(ctx);
  try {
    return await onEveryProfile(members, work);
  } finally {
    release();
    await closeAll(members);
  }
}

/** `users search QUERY --all-profiles`. */
export async function searchEveryProfile(ctx: CommandContext, query: string, limit: number): Promise<number> {
  const outcomes = await readEverywhere(ctx, (session) => session.client.searchUsers(query, {limit}));
  if (ctx.global.json) {
    writeJson(
      ctx,
      outcomes.map((o) => (o.ok ? {profile: o.profile, tenant: o.tenant, users: o.value} : failedEntry(ctx, o))),
    );
  } else {
    for (const outcome of outcomes) {
      groupHeading(ctx, outcome);
      if (!outcome.ok) {
        say(ctx, `failed: ${failure(ctx, outcome)}`);
        continue;
      }
      if (outcome.value.length === 0) say(ctx, `no user matches "${query}"`);
      else printUsers(ctx, outcome.value);
    }
  }
  summaryLine(ctx, outcomes);
  return fleetExit(outcomes);
}

function listingEntry(o: {profile: string; tenant: string}, listing: TokenListing): Record<string, unknown> {
  return {
    profile: o.profile,
    tenant: o.tenant,
    ...(listing.user ? {user: listing.user} : {}),
    tokens: listing.tokens.map(tokenJson),
  };
}

async function printListings(
  ctx: CommandContext,
  outcomes: Array<ProfileOutcome<TokenListing>>,
  members: Map<string, Session>,
  options: {criteria?: TokenCriteria; lead?: string},
): Promise<void> {
  if (ctx.global.json) {
    writeJson(
      ctx,
      outcomes.map((o) => (o.ok ? listingEntry(o, o.value) : failedEntry(ctx, o))),
    );
    return;
  }
  for (const outcome of outcomes) {
    groupHeading(ctx, outcome);
    if (outcome.ok) await printListing(ctx, members.get(outcome.profile)!.client, outcome.value, options);
    else say(ctx, `failed: ${failure(ctx, outcome)}`);
  }
}

/** `tokens list [--user EMAIL|me] [CRITERIA] --all-profiles`. */
export async function listEveryProfile(
  ctx: CommandContext,
  userSpec: string | undefined,
  criteria: TokenCriteria,
): Promise<number> {
  const members = openEveryProfile(ctx);
  const release = exitOnInterrupt(ctx);
  try {
    const outcomes = await onEveryProfile(members, (session) => listTokensOf(session, userSpec, criteria));
    await printListings(ctx, outcomes, sessionsOf(members), {criteria});
    summaryLine(ctx, outcomes);
    return fleetExit(outcomes);
  } finally {
    release();
    await closeAll(members);
  }
}

function sessionsOf(members: Member[]): Map<string, Session> {
  const map = new Map<string, Session>();
  for (const m of members) if (m.session) map.set(m.profile, m.session);
  return map;
}

/** What was resolved on one profile before anything is revoked. */
type Prepared = {
  user: QlikUser | undefined;
  /** The tokens to revoke, when listed (always with criteria; with --all only to confirm). */
  tokens: QlikToken[] | undefined;
  foreign: QlikToken[];
};

/** `tokens revoke --user EMAIL|me --all --all-profiles` (and with CRITERIA, and --dry-run). */
export async function revokeEveryProfile(ctx: CommandContext, target: Plan): Promise<number> {
  if (target.kind === 'ids') throw new UsageError('token IDs belong to one tenant: --all-profiles takes --user');
  if (ctx.global.readonly && !target.dryRun) {
    note(ctx, 'qlik-tokens tokens revoke: refused: --readonly is set; nothing was revoked');
    return ExitCode.usage;
  }
  const ask = !target.yes;
  if (!target.dryRun && ask && !isInteractive(ctx)) {
    note(ctx, 'qlik-tokens tokens revoke: refused: no terminal to confirm on; pass --yes to revoke without asking');
    return ExitCode.usage;
  }
  const members = openEveryProfile(ctx);
  const release = exitOnInterrupt(ctx);
  try {
    if (target.dryRun) {
      const outcomes = await onEveryProfile(members, async (session) => {
        const {listing, foreign} = await dryRunSelection(session, target);
        warnForeign(ctx, foreign, `${session.profileName}: `);
        return listing;
      });
      await printListings(ctx, outcomes, sessionsOf(members), {
        lead: 'would revoke ',
        ...(target.kind === 'criteria' ? {criteria: target.criteria} : {}),
      });
      summaryLine(ctx, outcomes);
      note(ctx, 'dry run: nothing was revoked');
      return fleetExit(outcomes);
    }

    // 1. On every profile: the user, and (to confirm, or with criteria) the tokens.
    const prepared = await onEveryProfile(members, async (session): Promise<Prepared> => {
      if (session.readonly) throw new ReadonlyProfileError(`profile "${session.profileName}" is read-only: refused`);
      if (!ask && target.kind === 'user') {
        // The engine lists the user's tokens itself (and again after, for tokens minted meanwhile).
        const user = await resolveUser(session.client, target.userSpec);
        session.recordRecentUser(user);
        return {user, tokens: undefined, foreign: []};
      }
      const listing = await listTokensOf(session, target.userSpec, target.kind === 'criteria' ? target.criteria : {});
      const {tokens, foreign} = ownTokens(listing.tokens, listing.user?.id);
      return {user: listing.user, tokens, foreign};
    });
    for (const p of prepared) if (p.ok) warnForeign(ctx, p.value.foreign, `${p.profile}: `);

    // 2. One confirmation for the total, per tenant listed.
    const watchMs = target.kind === 'user' ? target.watchMs : undefined;
    const andWatch = watchMs === undefined ? '' : ` and watch for ${formatDuration(watchMs)}`;
    const ready = prepared.filter((p): p is ProfileOutcome<Prepared> & {ok: true} => p.ok);
    let confirmed: Map<string, number> | undefined;
    if (ask) {
      const total = ready.reduce((sum, p) => sum + p.value.tokens!.length, 0);
      const what = target.kind === 'criteria' ? ` ${describeCriteria(target.criteria)}` : '';
      for (const p of prepared) {
        if (!p.ok) note(ctx, `  ${p.profile} (${p.tenant}): failed: ${failure(ctx, p)}`);
        else
          note(
            ctx,
            `  ${p.profile} (${p.tenant}): ${p.value.tokens!.length} token${p.value.tokens!.length === 1 ? '' : 's'}${what} of ${labelOf(p.value.user!)}`,
          );
      }
      const tenants = ready.filter((p) => p.value.tokens!.length > 0).length;
      if (total === 0 && watchMs === undefined) {
        note(ctx, 'nothing to revoke');
        return finishRevoke(ctx, prepared, new Map(), undefined);
      }
      // No token yet anywhere, but a live session may mint one: the watch alone is worth a yes.
      const go =
        total === 0
          ? await confirm(
              ctx,
              `Watch for ${formatDuration(watchMs!)} on ${ready.length} tenant${ready.length === 1 ? '' : 's'} and revoke every token that appears?`,
            )
          : await typedCount(
              ctx,
              total,
              `revoke all ${total} on ${tenants} tenant${tenants === 1 ? '' : 's'}${andWatch}`,
            );
      if (!go) {
        note(ctx, 'cancelled; nothing was revoked');
        return ExitCode.usage;
      }
      confirmed = new Map(ready.map((p) => [p.profile, p.value.tokens!.length]));
    }

    // 3. Every profile's run at once, each paced to its own tenant's budget; with --watch, each
    // tenant's watch starts as its run ends. The first ctrl-c stops the runs still going and ends
    // every watch (each with its summary); a second one quits.
    const progress = fleetProgressLine(ctx.stderr);
    const interrupt = cancelOnInterrupt(
      ctx,
      progress.clear,
      watchMs === undefined ? undefined : 'stopping: no new requests, and every watch ends',
    );
    if (watchMs !== undefined)
      note(
        ctx,
        `then watching for ${formatDuration(watchMs)} on each tenant: every new token is revoked as it appears (ctrl-c ends the watch)`,
      );
    release();
    interrupt.arm();
    const runs = new Map<string, ProfileOutcome<Run>>();
    try {
      const results = await onEveryProfile(
        members.filter((m) => ready.some((p) => p.profile === m.profile)),
        async (session, member): Promise<Run> => {
          const p = ready.find((r) => r.profile === member.profile)!.value;
          const base = {
            client: session.client,
            audit: {profile: member.profile},
            signal: interrupt.signal,
            onEvent: progress.onEventOf(member.profile),
          };
          const options: RevokeOptions =
            target.kind === 'user'
              ? {...base, userId: p.user!.id, all: true}
              : {
                  ...base,
                  tokenIds: [...p.tokens!, ...p.foreign].map((t) => ({id: t.id, userId: t.userId})),
                  origin: 'listing',
                  expectUserId: p.user!.id,
                };
          const result = await revokeTokens(options);
          if (watchMs === undefined || result.cancelled || result.stopped)
            return {result, watchSkipped: watchMs !== undefined};
          const watched = await watchUserTokens({
            client: session.client,
            userId: p.user!.id,
            durationMs: watchMs,
            audit: {profile: member.profile},
            known: result.outcomes.map((o) => o.tokenId),
            signal: interrupt.signal,
            onEvent: progress.onWatchEventOf(member.profile),
          });
          return {result, watched};
        },
      );
      for (const r of results) runs.set(r.profile, r);
    } finally {
      interrupt.disarm();
      progress.clear();
    }
    return finishRevoke(ctx, prepared, runs, confirmed, target.ignoreNotFound);
  } finally {
    release();
    await closeAll(members);
  }
}

/** One profile's bulk run, and its watch after (with --watch, when the run finished). */
type Run = {result: RevokeResult; watched?: WatchResult; watchSkipped?: boolean};

/** The report of a fleet run: per profile its outcomes (or why it failed), then one line for all. */
function finishRevoke(
  ctx: CommandContext,
  prepared: Array<ProfileOutcome<Prepared>>,
  runs: Map<string, ProfileOutcome<Run>>,
  confirmed: Map<string, number> | undefined,
  ignoreNotFound = false,
): number {
  const entries: Array<Record<string, unknown>> = [];
  const codes: number[] = [];
  const outcomes: Array<ProfileOutcome<unknown>> = [];
  for (const p of prepared) {
    const run = runs.get(p.profile);
    const failed = !p.ok ? p : run && !run.ok ? run : undefined;
    if (!ctx.global.json) groupHeading(ctx, p);
    if (failed) {
      outcomes.push(failed);
      entries.push(failedEntry(ctx, failed));
      say(ctx, ctx.global.json ? `${p.profile}: failed: ${failure(ctx, failed)}` : `failed: ${failure(ctx, failed)}`);
      continue;
    }
    const user = (p as ProfileOutcome<Prepared> & {ok: true}).value.user!;
    const who: RunLabels = {
      userId: user.id,
      userLabel: labelOf(user),
      profile: p.profile,
      ignoreNotFound,
      ...(confirmed?.has(p.profile) ? {confirmed: confirmed.get(p.profile)!} : {}),
    };
    outcomes.push(p);
    // No run: the confirmation counted nothing to revoke anywhere.
    const done = run ? (run as ProfileOutcome<Run> & {ok: true}).value : {result: emptyResult(user.id)};
    const {result} = done;
    if (done.watched) who.watched = done.watched;
    if (done.watchSkipped) note(ctx, `${p.profile}: not watching: the run did not finish`);
    entries.push(revokeDocument(p.profile, p.tenant, result, who));
    printRevokeReport(ctx, result, who);
    codes.push(revokeExitCode(result, who));
  }
  if (ctx.global.json) writeJson(ctx, entries);
  summaryLine(ctx, outcomes);
  return fleetExit(outcomes, codes);
}
