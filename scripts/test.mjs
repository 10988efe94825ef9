// Runs every test file under test/ with Node's own runner (Node 20 has no glob for --test).
//
// Four files at a time on this 2-core machine: most of the slow files spend their time waiting on a
// slow simulated tenant or a watch's clock, not computing, and two at a time left half of the CPU
// idle (140 s against 97 s for the whole suite, measured here). The slowest files go first, so
// that none of them starts last and becomes the tail of the run.
import {existsSync, readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {spawnSync} from 'node:child_process';

/** Slowest first (wall time of each file alone, on this machine): see the comment above. */
const SLOW_FIRST = [
  'test/e2e/tui-fast-typing.test.ts', // 23 s, mostly a 600 ms tenant's latency
  'test/hardening/bad-tenants.test.ts', // 22 s, tenants that trickle or stall
  'test/e2e/tui-watch.test.ts', // 17 s, a watch's polls
  'test/commands/tokens-revoke-watch.test.ts', // 17 s, a watch's polls
  'test/commands/all-profiles.test.ts', // 16 s
  'test/revoke/engine.test.ts', // 13 s, 1,000 DELETEs over HTTP
  'test/hardening/hostile-tenants.test.ts', // 12 s
  'test/commands/tokens.test.ts', // 10 s
];

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path);
    return /\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const gone = SLOW_FIRST.filter((file) => !existsSync(file));
if (gone.length > 0) {
  console.error(`scripts/test.mjs: SLOW_FIRST names files that are gone: ${gone.join(', ')}`);
  process.exit(1);
}
const only = process.argv.slice(2);
const all = find('test').sort();
const files = only.length > 0 ? only : [...SLOW_FIRST, ...all.filter((file) => !SLOW_FIRST.includes(file))];
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=4', '--test-timeout=120000', ...files],
  {stdio: 'inherit', env: {...process.env, FORCE_COLOR: '0'}},
);
process.exit(result.status ?? 1);
