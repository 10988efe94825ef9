// A cross-process lock around read-modify-write of config.json. conf writes atomically, but two
// processes that each read, change and write would still lose one of the changes without it.
import fs from 'node:fs';
import {ProfileStoreError} from './errors.js';

const RETRY_MS = 15;
const GIVE_UP_MS = 10_000;
// A write takes milliseconds; a lock this old belongs to a process that died mid-write.
const STALE_MS = 30_000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function holderIsGone(lockPath: string): boolean {
  try {
    const stat = fs.statSync(lockPath);
    if (Date.now() - stat.mtimeMs > STALE_MS) return true;
    const pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
    if (!Number.isInteger(pid) || pid <= 0) return false;
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  } catch {
    return false;
  }
}

/** Runs `action` while holding `lockPath` (created exclusively, removed afterwards). */
export function withFileLock<T>(lockPath: string, action: () => T): T {
  const started = Date.now();
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = fs.openSync(lockPath, 'wx', 0o600);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST')
        throw new ProfileStoreError('io', `cannot lock ${lockPath}: ${(error as Error).message}`, lockPath);
      if (holderIsGone(lockPath)) {
        fs.rmSync(lockPath, {force: true});
        continue;
      }
      if (Date.now() - started > GIVE_UP_MS) {
        throw new ProfileStoreError(
          'io',
          `${lockPath} is held by another qlik-tokens process; remove it if none is running`,
          lockPath,
        );
      }
      sleepSync(RETRY_MS + Math.floor(Math.random() * RETRY_MS));
    }
  }
  try {
    fs.writeSync(fd, String(process.pid));
    fs.closeSync(fd);
    return action();
  } finally {
    fs.rmSync(lockPath, {force: true});
  }
}
