// The local record of every revocation outcome: JSON Lines, append-only, mode 0600, one line per
// outcome, on disk (fdatasync) before the outcome is shown to anyone. An incident report is built
// from it, so a run that cannot write it does not start.
import {mkdir, open, readFile, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {toolHome} from '../profiles/paths.js';

export const AUDIT_FILE_NAME = 'audit.jsonl';

export type AuditOutcome = 'revoked' | 'already-gone' | 'failed';

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

export function auditLogPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(toolHome(env), AUDIT_FILE_NAME);
}

/** The audit log cannot be opened or written: nothing may be revoked unrecorded. */
export class AuditUnavailableError extends Error {
  readonly path: string;
  constructor(file: string, cause: unknown) {
    const reason = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
    super(`the audit log ${file} is not writable (${reason}); nothing was revoked`, {cause});
    this.name = 'AuditUnavailableError';
    this.path = file;
  }
}

export type AuditLog = {
  readonly path: string;
  /** Resolves once the line is on disk. Rejects with AuditUnavailableError if it could not be. */
  record(entry: AuditEntry): Promise<void>;
  close(): Promise<void>;
};

// Error messages come from the wire and from our client; a bearer token or a JWT must never land
// in a file that outlives the run, whatever put it into a message.
const CREDENTIAL = /\b(bearer\s+)\S+|\beyJ[\w-]+\.[\w-]+\.[\w-]*/gi;

function scrub(text: string): string {
  return text.replace(CREDENTIAL, (_m, bearer: string | undefined) => (bearer ? `${bearer}***` : '***'));
}

function serialise(entry: AuditEntry): string {
  // Whitelisted fields only, in a fixed order: nothing else from the caller's object gets in.
  const line: AuditEntry = {
    time: entry.time,
    profile: entry.profile,
    tenant: entry.tenant,
    tokenId: entry.tokenId,
    userId: entry.userId,
    outcome: entry.outcome,
    status: entry.status,
    error: entry.error ? {kind: entry.error.kind, message: scrub(entry.error.message)} : null,
  };
  return `${JSON.stringify(line)}\n`;
}

/**
 * Opens (creating it 0600 in a 0700 directory) the audit log for appending, and proves it writable
 * by syncing it. Throws AuditUnavailableError otherwise.
 */
export async function openAuditLog(file: string = auditLogPath()): Promise<AuditLog> {
  let handle: FileHandle;
  try {
    await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
    handle = await open(file, 'a', 0o600);
  } catch (error) {
    throw new AuditUnavailableError(file, error);
  }
  try {
    // An older file created by hand may be readable by others; the log names users and tokens.
    await handle.chmod(0o600);
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
        await handle.appendFile(batch.map((p) => p.line).join(''));
        await handle.datasync();
        for (const p of batch) p.resolve();
      } catch (error) {
        broken ??= error instanceof AuditUnavailableError ? error : new AuditUnavailableError(file, error);
        for (const p of batch) p.reject(broken);
      }
    }
    flushing = undefined;
  };

  return {
    path: file,
    record(entry) {
      if (closed) return Promise.reject(new AuditUnavailableError(file, new Error('closed')));
      return new Promise<void>((resolve, reject) => {
        pending.push({line: serialise(entry), resolve, reject});
        flushing ??= flush();
      });
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
  entries: AuditEntry[];
  /** Lines that were not a whole entry (a run killed mid-write leaves a truncated last line). */
  skipped: number;
};

/** Entries at or after `since` (epoch ms or Date), oldest first. A missing log is an empty one. */
export async function readAudit(options: {file?: string; since?: number | Date} = {}): Promise<ReadAuditResult> {
  const file = options.file ?? auditLogPath();
  const since = options.since === undefined ? Number.NEGATIVE_INFINITY : Number(options.since);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {entries: [], skipped: 0};
    throw error;
  }
  const entries: AuditEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = parseEntry(line);
    if (!entry) {
      skipped++;
      continue;
    }
    if (Date.parse(entry.time) >= since) entries.push(entry);
  }
  return {entries, skipped};
}

function parseEntry(line: string): AuditEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.time !== 'string' || Number.isNaN(Date.parse(v.time))) return undefined;
  if (typeof v.tokenId !== 'string' || typeof v.outcome !== 'string') return undefined;
  const error = v.error as {kind?: unknown; message?: unknown} | null | undefined;
  return {
    time: v.time,
    profile: typeof v.profile === 'string' ? v.profile : '',
    tenant: typeof v.tenant === 'string' ? v.tenant : '',
    tokenId: v.tokenId,
    userId: typeof v.userId === 'string' ? v.userId : null,
    outcome: v.outcome as AuditOutcome,
    status: typeof v.status === 'number' ? v.status : null,
    error:
      error && typeof error === 'object'
        ? {kind: String(error.kind ?? ''), message: String(error.message ?? '')}
        : null,
  };
}
