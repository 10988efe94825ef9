// The repository's root, found upward from this file: the tests run from their sources (through
// tsx) and, in `npm test`, bundled into test-build/ (scripts/test.mjs).
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as {name?: string}).name === 'qlik-tokens')
      return dir;
    if (dirname(dir) === dir) throw new Error(`no qlik-tokens package.json above ${from}`);
  }
}

export const REPO_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
