// `qlik-tokens users search QUERY`: find users by name, email or subject (or an exact ID).
import type {QlikUser} from '../qlik/types.js';
import {ExitCode, UsageError, type CommandContext} from './context.js';
import {printTable, say, writeJson} from './output.js';
import {parseCommandArgs} from './parse-args.js';
import {reportError} from './report-error.js';
import {openSession} from './session.js';
import {exitOnInterrupt} from './interrupt.js';

export const USERS_HELP = `Usage
  qlik-tokens users search QUERY [--limit N] [--all-profiles]

Users whose name, email or subject contains QUERY, or whose ID is QUERY (at most N, default 20,
max 100). Table: ID, NAME, EMAIL, STATUS. With --json: an array of user objects as the tenant
returns them ({id, name, email, subject, status, tenantId, ...}).

--all-profiles searches every stored profile at once, grouped by profile; with --json an array
with one entry per profile: {"profile", "tenant", "users": [...]}, or {"profile", "tenant",
"error": {"kind", "message"}} for a profile that failed (the others still answer; exit 1).
`;

export async function run(ctx: CommandContext): Promise<number> {
  const [sub, ...args] = ctx.args;
  if (ctx.global.help || sub === 'help') {
    ctx.stdout.write(USERS_HELP);
    return ExitCode.ok;
  }
  if (sub !== 'search')
    throw new UsageError(
      sub === undefined ? 'users needs a subcommand: search QUERY' : `unknown subcommand "${sub}" (expected search)`,
    );
  const {values, positionals} = parseCommandArgs(args, {limit: {type: 'string'}, 'all-profiles': {type: 'boolean'}});
  if (positionals.length === 0) throw new UsageError('users search needs a QUERY');
  const query = positionals.join(' ');
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new UsageError('--limit takes a whole number from 1 to 100');
  if (values['all-profiles']) {
    const {searchEveryProfile} = await import('./all-profiles.js');
    return searchEveryProfile(ctx, query, limit);
  }

  const session = openSession(ctx);
  const release = exitOnInterrupt(ctx);
  try {
    const users = await session.client.searchUsers(query, {limit});
    if (ctx.global.json) {
      writeJson(ctx, users);
      return ExitCode.ok;
    }
    if (users.length === 0) {
      say(ctx, `no user matches "${query}"`);
      return ExitCode.ok;
    }
    printUsers(ctx, users);
    return ExitCode.ok;
  } catch (error) {
    return reportError(error, ctx, 'qlik-tokens users search');
  } finally {
    release();
    await session.close();
  }
}

export function printUsers(ctx: CommandContext, users: QlikUser[]): void {
  printTable(
    ctx,
    [
      {header: 'ID', value: (u: QlikUser) => u.id, minWidth: 8, shrink: 1},
      {header: 'NAME', value: (u) => u.name, minWidth: 8, shrink: 2},
      {header: 'EMAIL', value: (u) => u.email ?? '', minWidth: 8, shrink: 2},
      {header: 'STATUS', value: (u) => u.status ?? ''},
    ],
    users,
  );
}
