// The local record of every revocation: JSON Lines, append-only, mode 0600, written as a
// write-ahead log so that a run killed at any instant (kill -9, a full disk, a power cut) leaves a
// record from which every token's fate can be told or found out.
//
// Per run, in this order, each line on disk (fdatasync) before the next step:
//   run-start  the run's ID, profile, tenant: written and synced before anything else, so a log
//              that cannot take a line (ENOSPC, read-only, a directory in the way) stops the run
//              before its first DELETE;
//   intent     the token is about to be revoked: written before its DELETE goes out;
//   outcome    what the tenant answered (revoked / already-gone / not-found / failed), before anyone
//              is told about it.
// An intent without an outcome is `unknown`: sent, no answer recorded. A later run that lists the
// tenant settles it (line `settled`): gone means revoked, still there means not revoked.
//
// Lines written before intents existed have no `type`: they are outcomes, and still read.
// A line cut short (a short write on ENOSPC, a crash mid-write) is reported, never glued to the
// next one: an append always starts on a fresh line.
import {randomBytes} from 'node:crypto';
import {constants as fsConstants} from 'node:fs';
import {mkdir, open, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {toolHome} from '../profiles/paths.js';

export const AUDIT_FILE_NAME = 'audit.jsonl';

export type AuditOutcome = 'revoked' | 'already-gone' | 'not-found' | 'failed';

/** One outcome, as the engine records it. */
export type AuditEntry = {
  /** ISO date-time of the outcome. */
  time: string;
  profile: string;
  /** Tenant origin, e.g. https://t.eu.qlikcloud.com */
  tenant: string;
  tokenId: string;
  userId: string | null;
  outcome: AuditOutcome;
  /** HTTP status of the last answer (204, 404, 403, ...), null when none arrived. */
  status: number | null;
  error: {kind: string; message: string} | null;
};

/** What settling found for a token whose DELETE had no recorded answer. */
export type SettledOutcome = 'revoked' | 'not-revoked';

/**
 * One token of one run as `audit` shows it: the outcome of its DELETE, or `unknown` when the run
 * recorded the intent but no answer (killed, disk full), possibly settled later by a listing.
 */
export type AuditRecord = Omit<AuditEntry, 'outcome'> & {
  outcome: AuditOutcome | 'unknown';
  /** The run that recorded it (null for lines written before runs had IDs). */
  run: string | null;
  /** For `unknown`: what a later listing of the tenant showed. */
  settled?: {time: string; outcome: SettledOutcome};
};

/** A line that is not a whole entry, by its line number (1-based) and its first characters. */
export type TornLine = {line: number; excerpt: string};

export function auditLogPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(toolHome(env), AUDIT_FILE_NAME);
}

/** The audit log cannot be opened or written: nothing may be revoked unrecorded. */
export class AuditUnavailableError extends Error {
  readonly path: string;
  constructor(file: string, cause: unknown, consequence = 'nothing was revoked') {
    const code = cause instanceof Error ? (cause as NodeJS.ErrnoException).code : undefined;
    const reason =
      code === 'ELOOP'
        ? 'it is a symbolic link; refusing to follow it'
        : code === 'ENOSPC'
          ? 'ENOSPC: the disk is full'
          : cause instanceof Error
            ? (code ?? cause.message)
            : String(cause);
    super(`the audit log ${file} is not writable (${reason}); ${consequence}`, {cause});
    this.name = 'AuditUnavailableError';
    this.path = file;
  }
}

export type AuditLog = {
  readonly path: string;
  /** This run's ID, on each of its lines. */
  readonly run: string;
  /** Before a token's DELETE goes out. Resolves once the line is on disk; rejects with AuditUnavailableError. */
  intent(token: {tokenId: string; userId: string | null}): Promise<void>;
  /** A token's outcome. Resolves once the line is on disk; rejects with AuditUnavailableError. */
  record(entry: AuditEntry): Promise<void>;
  /** What a listing showed for tokens whose outcome was unknown. */
  settle(
    records: ReadonlyArray<Pick<AuditRecord, 'tokenId' | 'userId' | 'run'>>,
    present: ReadonlySet<string>,
  ): Promise<void>;
  close(): Promise<void>;
};

// Error messages come from the wire and from our client; a bearer token or a JWT must never land
// in a file that outlives the run, whatever put it into a message.
const CREDENTIAL = /\b(bearer\s+)\S+|\beyJ[\w-]+\.[\w-]+\.[\w-]*/gi;

function scrub(text: string): string {
  return text.replace(CREDENTIAL, (_m, bearer: string | undefined) => (bearer ? `${bearer}***` : '***'));
}

function outcomeLine(entry: AuditEntry, run: string): string {
  // Whitelisted fields only, in a fixed order: nothing else from the caller's object gets in.
  return JSON.stringify({
    type: 'outcome',
    time: entry.time,
    run,
    profile: entry.profile,
    tenant: entry.tenant,
    tokenId: entry.tokenId,
    userId: entry.userId,
    outcome: entry.outcome,
    status: entry.status,
    error: entry.error ? {kind: entry.error.kind, message: scrub(entry.error.message)} : null,
  });
}

// O_NOFOLLOW: the log is opened only if it is no symbolic link (the config file is refused the same
// way), so a link planted in the tool's home cannot make a run append to another file. (0 where the
// platform has no such flag.)
const NOFOLLOW = fsConstants.O_NOFOLLOW ?? 0;

function newRunId(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** Writes all of `text`: a short write (a filling disk) goes on until the rest fails. */
async function writeAll(handle: FileHandle, text: string): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    const {bytesWritten} = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw Object.assign(new Error('nothing written'), {code: 'EIO'});
    offset += bytesWritten;
  }
}

/** Whether the file's last byte ends a line (an empty file does). */
async function endsWithNewline(handle: FileHandle): Promise<boolean> {
  const {size} = await handle.stat();
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

/**
 * Opens the audit log for appending (creating it 0600 in a 0700 directory; never through a
 * symbolic link), and proves it writable by writing and syncing this run's first line. Throws
 * AuditUnavailableError otherwise.
 */
export async function openAuditLog(
  file: string = auditLogPath(),
  context: {profile?: string; tenant?: string} = {},
): Promise<AuditLog> {
  const run = newRunId();
  let handle: FileHandle;
  try {
    await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
    handle = await open(file, fsConstants.O_RDWR | fsConstants.O_APPEND | fsConstants.O_CREAT | NOFOLLOW, 0o600);
  } catch (error) {
    throw new AuditUnavailableError(file, error);
  }
  try {
    if (!(await handle.stat()).isFile()) throw Object.assign(new Error('not a regular file'), {code: 'EISDIR'});
    // An older file created by hand may be readable by others; the log names users and tokens.
    await handle.chmod(0o600);
    // A torn last line (a short write, a crash) gets its line ended, so this run's first entry is
    // whole. The run-start line itself is the proof that the disk takes a line: an empty sync
    // would succeed on a full disk.
    const lead = (await endsWithNewline(handle)) ? '' : '\n';
    const start = JSON.stringify({
      type: 'run-start',
      time: new Date().toISOString(),
      run,
      profile: context.profile ?? '',
      tenant: context.tenant ?? '',
      pid: process.pid,
    });
    await writeAll(handle, `${lead}${start}\n`);
    await handle.datasync();
  } catch (error) {
    await handle.close().catch(() => {});
    throw new AuditUnavailableError(file, error);
  }

  // Group commit: lines that arrive while a sync runs go out together in the next write+sync, so
  // concurrent workers do not queue one fdatasync each.
  let pending: Array<{line: string; resolve: () => void; reject: (error: unknown) => void}> = [];
  let flushing: Promise<void> | undefined;
  let broken: AuditUnavailableError | undefined;
  let closed = false;

  const flush = async (): Promise<void> => {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        if (broken) throw broken;
        await writeAll(handle, batch.map((p) => `${p.line}\n`).join(''));
        await handle.datasync();
        for (const p of batch) p.resolve();
      } catch (error) {
        // Once a write failed, every later one is refused: the run must stop, not leave gaps.
        broken ??=
          error instanceof AuditUnavailableError
            ? error
            : new AuditUnavailableError(file, error, 'no further token is revoked');
        for (const p of batch) p.reject(broken);
      }
    }
    flushing = undefined;
  };

  const append = (line: string): Promise<void> => {
    if (closed) return Promise.reject(new AuditUnavailableError(file, new Error('closed')));
    return new Promise<void>((resolve, reject) => {
      pending.push({line, resolve, reject});
      flushing ??= flush();
    });
  };

  const base = () => ({
    time: new Date().toISOString(),
    run,
    profile: context.profile ?? '',
    tenant: context.tenant ?? '',
  });

  return {
    path: file,
    run,
    intent(token) {
      return append(JSON.stringify({type: 'intent', ...base(), tokenId: token.tokenId, userId: token.userId}));
    },
    record(entry) {
      return append(outcomeLine(entry, run));
    },
    async settle(records, present) {
      await Promise.all(
        records.map((record) =>
          append(
            JSON.stringify({
              type: 'settled',
              ...base(),
              tokenId: record.tokenId,
              userId: record.userId,
              ofRun: record.run,
              outcome: present.has(record.tokenId) ? 'not-revoked' : 'revoked',
            }),
          ),
        ),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await flushing;
      await handle.close();
    },
  };
}

export type ReadAuditResult = {
  /** One per token per run, in the order the runs wrote them, oldest first. */
  entries: AuditRecord[];
  /** How many lines were not a whole entry (see torn). */
  skipped: number;
  /** Lines that were not a whole entry: a run killed mid-write, a short write on a full disk. */
  torn: TornLine[];
};

/** Reads the log without following a symbolic link; a missing log is an empty one. */
async function readLog(file: string): Promise<string | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(file, fsConstants.O_RDONLY | NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

type Line = Record<string, unknown>;

function asError(value: unknown): AuditEntry['error'] {
  if (!value || typeof value !== 'object') return null;
  const error = value as {kind?: unknown; message?: unknown};
  return {kind: String(error.kind ?? ''), message: String(error.message ?? '')};
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const strOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function parseLine(text: string): Line | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const line = value as Line;
  if (typeof line.time !== 'string' || Number.isNaN(Date.parse(line.time))) return undefined;
  const type = line.type ?? 'outcome';
  if (type === 'run-start') return line;
  if (typeof line.tokenId !== 'string') return undefined;
  if (type === 'outcome' && typeof line.outcome !== 'string') return undefined;
  if (type === 'settled' && line.outcome !== 'revoked' && line.outcome !== 'not-revoked') return undefined;
  if (type !== 'outcome' && type !== 'intent' && type !== 'settled') return undefined;
  return line;
}

/**
 * Every token of every run, with its outcome derived from the lines: an outcome line gives it; an
 * intent alone is `unknown`; a later `settled` line for the same tenant and token says what a
 * listing found. Records whose time is before `since` (epoch ms or Date) are left out.
 */
export async function readAudit(options: {file?: string; since?: number | Date} = {}): Promise<ReadAuditResult> {
  const file = options.file ?? auditLogPath();
  const since = options.since === undefined ? Number.NEGATIVE_INFINITY : Number(options.since);
  const text = await readLog(file);
  if (text === undefined) return {entries: [], skipped: 0, torn: []};

  const records: AuditRecord[] = [];
  const byRunToken = new Map<string, AuditRecord>();
  const unknownByToken = new Map<string, AuditRecord[]>();
  const torn: TornLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const line = parseLine(raw);
    if (!line) {
      torn.push({line: i + 1, excerpt: raw.slice(0, 80)});
      continue;
    }
    const type = line.type ?? 'outcome';
    if (type === 'run-start') continue;
    const run = strOrNull(line.run);
    const tenant = str(line.tenant);
    const tokenId = line.tokenId as string;
    const tokenKey = `${tenant}\u0000${tokenId}`;
    const key = run === null ? undefined : `${run}\u0000${tokenKey}`;
    if (type === 'settled') {
      for (const record of unknownByToken.get(tokenKey) ?? [])
        if (!record.settled && record.outcome === 'unknown')
          record.settled = {time: line.time as string, outcome: line.outcome as SettledOutcome};
      unknownByToken.delete(tokenKey);
      continue;
    }
    const existing = key === undefined ? undefined : byRunToken.get(key);
    const fields = {
      time: line.time as string,
      profile: str(line.profile),
      tenant,
      tokenId,
      userId: strOrNull(line.userId) ?? existing?.userId ?? null,
    };
    if (type === 'intent') {
      if (existing) continue;
      const record: AuditRecord = {...fields, outcome: 'unknown', status: null, error: null, run};
      records.push(record);
      byRunToken.set(key!, record);
      const waiting = unknownByToken.get(tokenKey);
      if (waiting) waiting.push(record);
      else unknownByToken.set(tokenKey, [record]);
      continue;
    }
    const outcome = {
      outcome: line.outcome as AuditOutcome,
      status: typeof line.status === 'number' ? line.status : null,
      error: asError(line.error),
    };
    if (existing) {
      Object.assign(existing, fields, outcome);
      const waiting = unknownByToken.get(tokenKey);
      if (waiting)
        unknownByToken.set(
          tokenKey,
          waiting.filter((r) => r !== existing),
        );
    } else {
      const record: AuditRecord = {...fields, ...outcome, run};
      records.push(record);
      if (key !== undefined) byRunToken.set(key, record);
    }
  }
  const entries = records.filter((record) => Date.parse(record.time) >= since);
  return {entries, skipped: torn.length, torn};
}

/** Unknown outcomes not settled yet, of one tenant (and one user, or tokens of no recorded user: null). */
export function unsettled(
  records: readonly AuditRecord[],
  filter: {tenant: string; userId?: string | null},
): AuditRecord[] {
  return records.filter(
    (record) =>
      record.outcome === 'unknown' &&
      !record.settled &&
      record.tenant === filter.tenant &&
      (filter.userId === undefined || record.userId === filter.userId),
  );
}
