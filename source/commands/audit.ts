// `qlik-tokens audit [--since DURATION] [--json]`: the local record of revocation outcomes.
import {auditLogPath, readAudit, type AuditEntry} from '../revoke/audit.js';
import {ExitCode, UsageError, type CommandContext} from './context.js';
import {note, printTable, writeJson, type Column} from './output.js';
import {parseCommandArgs} from './parse-args.js';
import {reportError} from './report-error.js';

export const AUDIT_USAGE = `Usage
  qlik-tokens audit [--since DURATION] [--json]

  The revocations this machine made, one line per token outcome (revoked, already-gone, failed),
  oldest first. DURATION is a number and a unit: 90s, 45m, 24h, 7d, 2w; or an ISO date.
  The log is audit.jsonl in QLIK_TOKENS_HOME (or the tool's config directory).
`;

const UNIT_MS: Record<string, number> = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};

/** "24h" → the epoch ms 24 hours before `now`; an ISO date → that instant. */
export function parseSince(text: string, now: number = Date.now()): number {
  const value = text.trim();
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(value);
  if (match) return now - Number(match[1]) * UNIT_MS[match[2]!.toLowerCase()]!;
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

const COLUMNS: Array<Column<AuditEntry>> = [
  {header: 'TIME', value: (e) => localTime(e.time)},
  {header: 'PROFILE', value: (e) => e.profile, minWidth: 6, shrink: 1},
  {header: 'TENANT', value: (e) => host(e.tenant), minWidth: 8, shrink: 2},
  {header: 'TOKEN', value: (e) => e.tokenId, minWidth: 8, shrink: 1},
  {header: 'USER', value: (e) => e.userId ?? '', minWidth: 6, shrink: 2},
  {header: 'OUTCOME', value: (e) => e.outcome},
  {header: 'HTTP', value: (e) => e.status ?? '', align: 'right'},
  {header: 'DETAIL', value: (e) => (e.error ? `${e.error.kind}: ${e.error.message}` : ''), minWidth: 10, shrink: 3},
];

export async function run(ctx: CommandContext): Promise<number> {
  if (ctx.global.help) {
    ctx.stdout.write(AUDIT_USAGE);
    return ExitCode.ok;
  }
  const {values} = parseCommandArgs(ctx.args, {since: {type: 'string'}}, {positionals: false});
  const since = values.since === undefined ? undefined : parseSince(values.since);
  const file = auditLogPath(ctx.env);
  let entries: AuditEntry[];
  let skipped: number;
  try {
    ({entries, skipped} = await readAudit({file, ...(since === undefined ? {} : {since})}));
  } catch (error) {
    // fs errors name the operation ("EISDIR: illegal operation on a directory, read"), not the file.
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return reportError(new Error(`cannot read the audit log ${file} (${reason})`), ctx, 'qlik-tokens audit');
  }
  if (ctx.global.json) {
    writeJson(ctx, {file, ...(since === undefined ? {} : {since: new Date(since).toISOString()}), entries, skipped});
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
  if (skipped > 0)
    note(
      ctx,
      `warning: ${skipped} line${skipped === 1 ? '' : 's'} of ${file} could not be read (a run interrupted mid-write leaves one)`,
    );
  return ExitCode.ok;
}
