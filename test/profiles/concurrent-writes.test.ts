import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {REPO_ROOT} from '../support/repo-root.js';
import {openProfileStore} from '../../source/profiles/index.js';

const worker = path.join(REPO_ROOT, 'test', 'profiles', 'fixtures', 'add-profiles.ts');

function runWorker(home: string, prefix: string, count: number): Promise<{code: number | null; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, prefix, String(count)], {
      env: {...process.env, QLIK_TOKENS_HOME: home},
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({code, stderr}));
  });
}

test('two processes adding 20 profiles each at the same time lose none of them', async (t) => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'qlik-tokens-race-'));
  t.after(() => fs.rmSync(base, {recursive: true, force: true}));
  const home = path.join(base, 'home');
  const results = await Promise.all([runWorker(home, 'a', 20), runWorker(home, 'b', 20)]);
  for (const result of results) assert.equal(result.code, 0, result.stderr);
  const store = openProfileStore({env: {QLIK_TOKENS_HOME: home}});
  const names = store.list().map((p) => p.name);
  assert.equal(
    names.length,
    40,
    `missing: ${[...Array(20).keys()]
      .flatMap((i) => [`a-${i}`, `b-${i}`])
      .filter((n) => !names.includes(n))
      .join(', ')}`,
  );
  for (const profile of store.list())
    assert.equal(profile.recentUsers.length, 1, `${profile.name} kept its recent user`);
  assert.deepEqual(fs.readdirSync(home).sort(), ['config.json'], 'no lock or temp file left behind');
});
