// `qlik-tokens tokens list [--user ID|EMAIL|me]` here; `tokens revoke ...` lives in tokens-revoke.ts.
import {scimString} from '../qlik/scim.js';
import {describeCriteria, hasCriteria, selectTokens, type TokenCriteria} from '../revoke/criteria.js';
import type {QlikApi, QlikToken, QlikUser} from '../qlik/types.js';
import {columnsFor, TOKEN_COLUMNS, type ColumnContext} from '../ui/token-columns.js';
import {truncate} from '../text/cell-width.js';
import {safeText} from '../text/terminal-safe.js';
import {ExitCode, UsageError, type CommandContext} from './context.js';
import {heading, printTable, writeJson, type Column} from './output.js';
import {parseCommandArgs} from './parse-args.js';
import {reportError} from './report-error.js';
import {resolveUser} from './resolve-user.js';
import {openSession, type Session} from './session.js';
import {CRITERIA_OPTIONS, CRITERIA_USAGE, criteriaFrom} from './criteria-flags.js';
import {exitOnInterrupt} from './interrupt.js';
import {listingProgress} from './listing-progress.js';

export const TOKENS_HELP = `Usage
  qlik-tokens tokens list   [--user ID|EMAIL|me] [CRITERIA] [--all-profiles]   (default: the whole tenant)
  qlik-tokens tokens revoke TOKEN_ID... [--yes] [--dry-run]
  qlik-tokens tokens revoke --user ID|EMAIL|me --all [--yes] [--watch DURATION] [--dry-run] [--all-profiles]
  qlik-tokens tokens revoke CRITERIA [--user ID|EMAIL] [--yes] [--dry-run]

--user takes a user ID, an exact email address, or "me" (the user the OAuth client acts as).
CRITERIA narrow the list to some tokens (all of them must hold):
${CRITERIA_USAGE}
--all-profiles lists on every stored profile at once, grouped by profile (with --user, an email
or "me" finds the person in each tenant); a profile that fails is reported, the others still
run, and the exit code is 1.

The list shows TOKEN ID, USER (tenant-wide only), DESCRIPTION, DEVICE and LAST USED.
With --json, "list" prints an array of the tenant's token objects:
  [{"id", "userId", "tenantId", "description", "deviceType", "lastUsed"}]   (null when unknown)
and with --all-profiles an array with one entry per profile:
  [{"profile", "tenant", "user"?, "tokens": [...]}  or  {"profile", "tenant", "error": {"kind", "message"}}]
See qlik-tokens tokens revoke --help for revocation.
`;

/** The documented --json shape of one token: the API's fields, absent ones as null. */
export function tokenJson(token: QlikToken): Record<string, unknown> {
  return {
    id: token.id,
    userId: token.userId,
    tenantId: token.tenantId,
    description: token.description ?? null,
    deviceType: token.deviceType ?? null,
    lastUsed: token.lastUsed ?? null,
  };
}

// SCIM filters grow with each id; 50 ids keep the query string far below URL length limits.
const NAME_BATCH = 50;

/** Names of the token owners, for the tenant-wide view; a failed lookup only costs the names. */
async function userNames(client: QlikApi, ids: string[]): Promise<Map<string, QlikUser>> {
  const users = new Map<string, QlikUser>();
  for (let i = 0; i < ids.length; i += NAME_BATCH) {
    const batch = ids.slice(i, i + NAME_BATCH);
    try {
      const found = await client.listUsers({
        filter: batch.map((id) => `id eq ${scimString(id)}`).join(' or '),
        limit: 100,
      });
      for (const user of found) users.set(user.id, user);
    } catch {
      break;
    }
  }
  return users;
}

/** The token columns the TUI shows (source/ui/token-columns.ts), as the CLI's table prints them. */
export function tokenTableColumns(context: ColumnContext): Array<Column<QlikToken>> {
  return columnsFor(TOKEN_COLUMNS, context.view).map((column) => ({
    header: column.title,
    value: (token: QlikToken) => column.value(token, context),
    align: column.align ?? 'left',
    minWidth: column.width.min,
    shrink: column.shrink,
  }));
}

function lastUsedTime(token: QlikToken): number {
  const at = token.lastUsed ? Date.parse(token.lastUsed) : Number.NaN;
  return Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at;
}

/**
 * `tokens` ordered by `group` (a rank, ascending), then most recently used first, never used last.
 * Each token's time is parsed once, not in every comparison (5,000 tokens: 130,000 Date.parse).
 */
function sortedByUse(tokens: QlikToken[], group: (token: QlikToken) => number = () => 0): QlikToken[] {
  const keyed = tokens.map((token) => ({token, group: group(token), used: lastUsedTime(token)}));
  keyed.sort((a, b) => a.group - b.group || b.used - a.used);
  return keyed.map(({token}) => token);
}

/** What `tokens list` (and a dry run) found on one tenant: the user asked for, if any, and the tokens. */
export type TokenListing = {user: QlikUser | undefined; tokens: QlikToken[]};

/**
 * Lists one tenant's tokens: the user's (`--user`, resolved and remembered as recent) or every
 * token, narrowed to those meeting the criteria.
 */
export async function listTokensOf(
  session: Pick<Session, 'client' | 'recordRecentUser'>,
  userSpec: string | undefined,
  criteria: TokenCriteria,
  options: {signal?: AbortSignal; onPage?: (page: QlikToken[]) => void} = {},
): Promise<TokenListing> {
  const {client} = session;
  let user: QlikUser | undefined;
  if (userSpec !== undefined) {
    user = await resolveUser(client, userSpec, options.signal ? {signal: options.signal} : {});
    session.recordRecentUser(user);
  }
  const tokens = await client.listTokens({...(user ? {userId: user.id} : {}), ...options});
  return {user, tokens: selectTokens(tokens, criteria, Date.now())};
}

/** The human form of a listing: a heading line and the token table (tenant-wide: with user names). */
export async function printListing(
  ctx: CommandContext,
  client: QlikApi,
  {user, tokens}: TokenListing,
  options: {criteria?: TokenCriteria; lead?: string} = {},
): Promise<void> {
  const now = Date.now();
  const picked = options.criteria && hasCriteria(options.criteria) ? ` ${describeCriteria(options.criteria)}` : '';
  const lead = options.lead ?? '';
  const count = `${tokens.length} token${tokens.length === 1 ? '' : 's'}`;
  if (user) {
    const sorted = sortedByUse(tokens);
    // A name can be as long as the tenant likes: the ID at the end of the line must stay visible.
    const who = `${truncate(safeText(user.name), 40)}${user.email ? ` <${truncate(safeText(user.email), 40)}>` : ''}`;
    heading(ctx, `${lead}${count}${picked} of ${who} (${user.id})`);
    if (sorted.length > 0) printTable(ctx, tokenTableColumns({now, view: 'user', userName: (id) => id}), sorted);
    return;
  }
  const names = await userNames(client, [...new Set(tokens.map((t) => t.userId))]);
  const nameOf = (t: QlikToken): string => names.get(t.userId)?.name ?? t.userId;
  // By user name (as localeCompare orders them: each distinct name ranked once), then by use.
  const ranked = [...new Set(tokens.map(nameOf))].sort(new Intl.Collator().compare);
  const rank = new Map(ranked.map((name, i) => [name, i]));
  const sorted = sortedByUse(tokens, (t) => rank.get(nameOf(t))!);
  heading(ctx, `${lead}${count}${picked} of ${new Set(tokens.map((t) => t.userId)).size} users in ${client.tenantUrl}`);
  if (sorted.length > 0)
    printTable(ctx, tokenTableColumns({now, view: 'tenant', userName: (id) => names.get(id)?.name ?? id}), sorted);
}

async function list(ctx: CommandContext, args: string[]): Promise<number> {
  const {values} = parseCommandArgs(
    args,
    {user: {type: 'string', short: 'u'}, 'all-profiles': {type: 'boolean'}, ...CRITERIA_OPTIONS},
    {positionals: false},
  );
  if (values.user !== undefined && values.user.trim() === '')
    throw new UsageError('--user needs an ID, an email or "me"');
  const criteria = criteriaFrom(values);
  if (values['all-profiles']) {
    const {listEveryProfile} = await import('./all-profiles.js');
    return listEveryProfile(ctx, values.user, criteria);
  }
  const session = openSession(ctx);
  const release = exitOnInterrupt(ctx);
  const progress = listingProgress(ctx.stderr);
  try {
    const listing = await listTokensOf(session, values.user, criteria, {onPage: progress.onPage});
    progress.clear();
    if (ctx.global.json) {
      writeJson(ctx, listing.tokens.map(tokenJson));
      return ExitCode.ok;
    }
    await printListing(ctx, session.client, listing, {criteria});
    return ExitCode.ok;
  } catch (error) {
    progress.clear();
    return reportError(error, ctx, 'qlik-tokens tokens list');
  } finally {
    progress.clear();
    release();
    await session.close();
  }
}

export async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...args] = ctx.args;
  if (sub === 'revoke') {
    const {runRevoke} = await import('./tokens-revoke.js');
    return runRevoke(ctx, args);
  }
  if (ctx.global.help || sub === 'help') {
    ctx.stdout.write(TOKENS_HELP);
    return ExitCode.ok;
  }
  if (sub === undefined) {
    ctx.stderr.write(TOKENS_HELP);
    return ExitCode.usage;
  }
  if (sub === 'list' || sub === 'ls') return list(ctx, args);
  throw new UsageError(`unknown subcommand "${sub}" (expected list or revoke)`);
}
