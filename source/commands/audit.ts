// `qlik-tokens audit [--since DURATION] [--settle] [--json]`: the local record of revocations.
import {auditLogPath, readAudit, type AuditRecord, type ReadAuditResult} from '../revoke/audit.js';
import {settleUnknowns} from '../revoke/settle.js';
import {parseDuration} from '../text/duration.js';
import {ExitCode, UsageError, type CommandContext} from './context.js';
import {note, printTable, writeJson, type Column} from './output.js';
import {parseCommandArgs} from './parse-args.js';
import {reportError} from './report-error.js';
import {openSession} from './session.js';

export const AUDIT_USAGE = `Usage
  qlik-tokens audit [--since DURATION] [--settle] [--json]

  The revocations this machine made, one line per token per run, oldest first:
    revoked · already-gone · not-found · failed    what the tenant answered
    unknown             the DELETE was sent but no answer was recorded (the run was killed, or
                        the disk filled up): the token may or may not be revoked
    revoked (settled) · not revoked (settled)     an unknown, settled by a later listing
  DURATION is a number and a unit: 90s, 45m, 24h, 7d, 2w; or an ISO date.

  --settle   list the tenant (the current profile's, or --profile's) to settle every unknown
             outcome of that tenant: a token no longer there was revoked, one still there was not.
             (tokens revoke --user U --all settles U's unknowns by itself.)

  Lines that are not a whole entry (a run killed mid-write) are reported with their line number;
  every whole entry is still shown. The log is audit.jsonl in QLIK_TOKENS_HOME (or the tool's
  config directory).
`;

/** "24h" → the epoch ms 24 hours before `now`; an ISO date → that instant. */
export function parseSince(text: string, now: number = Date.now()): number {
  const value = text.trim();
  const ms = parseDuration(value, ['s', 'm', 'h', 'd', 'w']);
  if (ms !== undefined) return now - ms;
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return at;
  }
  throw new UsageError(`--since takes a duration such as 90m, 24h or 7d, or an ISO date; not "${value}"`);
}

function localTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function host(tenant: string): string {
  try {
    return new URL(tenant).host;
  } catch {
    return tenant;
  }
}

function shownOutcome(record: AuditRecord): string {
  if (record.outcome !== 'unknown') return record.outcome;
  if (!record.settled) return 'unknown';
  return record.settled.outcome === 'revoked' ? 'revoked (settled)' : 'not revoked (settled)';
}

function detail(record: AuditRecord): string {
  if (record.error) return `${record.error.kind}: ${record.error.message}`;
  if (record.outcome === 'unknown' && !record.settled) return 'sent, no answer recorded';
  if (record.settled) return `settled by a listing at ${localTime(record.settled.time)}`;
  return '';
}

const COLUMNS: Array<Column<AuditRecord>> = [
  {header: 'TIME', value: (e) => localTime(e.time)},
  {header: 'PROFILE', value: (e) => e.profile, minWidth: 6, shrink: 1},
  {header: 'TENANT', value: (e) => host(e.tenant), minWidth: 8, shrink: 2},
  {header: 'TOKEN', value: (e) => e.tokenId, minWidth: 8, shrink: 1},
  {header: 'USER', value: (e) => e.userId ?? '', minWidth: 6, shrink: 2},
  {header: 'OUTCOME', value: shownOutcome},
  {header: 'HTTP', value: (e) => e.status ?? '', align: 'right'},
  {header: 'DETAIL', value: detail, minWidth: 10, shrink: 3},
];

async function read(file: string, since: number | undefined): Promise<ReadAuditResult> {
  try {
    return await readAudit({file, ...(since === undefined ? {} : {since})});
  } catch (error) {
    // fs errors name the operation ("EISDIR: illegal operation on a directory, read"), not the file.
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ELOOP' ? 'it is a symbolic link; not followed' : (code ?? (error as Error).message);
    throw new Error(`cannot read the audit log ${file} (${reason})`, {cause: error});
  }
}

/** Settles every unknown outcome of the session's tenant by listing it. Returns how many were settled. */
async function settle(ctx: CommandContext, file: string, records: AuditRecord[]): Promise<number> {
  const session = openSession(ctx);
  try {
    const {settled, elsewhere} = await settleUnknowns({
      client: session.client,
      file,
      profile: session.profileName ?? '(environment)',
      records,
    });
    if (elsewhere.length > 0) {
      const tenants = [...new Set(elsewhere.map((r) => r.tenant))].join(', ');
      note(
        ctx,
        `${elsewhere.length} unknown outcome${elsewhere.length === 1 ? ' is' : 's are'} on another tenant (${tenants}): settle them with --profile`,
      );
    }
    return settled;
  } finally {
    await session.close();
  }
}

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.global.help) {
    ctx.stdout.write(AUDIT_USAGE);
    return ExitCode.ok;
  }
  const {values} = parseCommandArgs(
    ctx.args,
    {since: {type: 'string'}, settle: {type: 'boolean'}},
    {positionals: false},
  );
  const since = values.since === undefined ? undefined : parseSince(values.since);
  const file = auditLogPath(ctx.env);
  let log: ReadAuditResult;
  try {
    log = await read(file, since);
    if (values.settle) {
      // Every unknown of the tenant, not only those within --since: an old one is just as open.
      const settled = await settle(ctx, file, (await read(file, undefined)).entries);
      note(
        ctx,
        settled === 0
          ? 'nothing to settle'
          : `settled ${settled} unknown outcome${settled === 1 ? '' : 's'} by listing the tenant`,
      );
      log = await read(file, since);
    }
  } catch (error) {
    return reportError(error, ctx, 'qlik-tokens audit');
  }
  const {entries, torn} = log;
  if (ctx.global.json) {
    writeJson(ctx, {
      file,
      ...(since === undefined ? {} : {since: new Date(since).toISOString()}),
      entries,
      skipped: torn.length,
      torn,
    });
  } else if (entries.length === 0) {
    note(
      ctx,
      since === undefined
        ? `no revocations recorded (${file})`
        : `no revocations recorded since ${localTime(new Date(since).toISOString())}`,
    );
  } else {
    printTable(ctx, COLUMNS, entries);
  }
  for (const line of torn)
    note(
      ctx,
      `warning: line ${line.line} of ${file} is not a whole entry (a run interrupted mid-write leaves one): ${JSON.stringify(line.excerpt)}`,
    );
  const open = entries.filter((e) => e.outcome === 'unknown' && !e.settled).length;
  if (open > 0)
    note(
      ctx,
      `${open} token${open === 1 ? ' was' : 's were'} sent a DELETE whose answer was never recorded: run qlik-tokens audit --settle to find out by listing the tenant`,
    );
  return ExitCode.ok;
}
