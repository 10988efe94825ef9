// Temporary directories of a test file, removed when its process exits, whether its tests passed
// or failed: a run of the suite leaves nothing behind in the system's temporary directory.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const made: string[] = [];
process.once('exit', () => {
  for (const dir of made) rmSync(dir, {recursive: true, force: true});
});

/** A new empty directory under the system's temporary directory, named PREFIX + random characters. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
