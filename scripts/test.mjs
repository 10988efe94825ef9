// Runs every test file under test/ with Node's own runner (Node 20 has no glob for --test).
//
// Six files at a time on this 2-core machine: most of the slow files spend their time waiting on a
// slow simulated tenant or a watch's clock, not computing (measured here, the tests alone: two at a
// time 140 s against 97 s for four, when each command cost twice the CPU it does now; then four
// 86.3 s, six 75.3 and 83.0 s, eight 90.3 s). The slowest files go first, so that none of them
// starts last and becomes the tail of the run.
//
// The tests run compiled: esbuild turns source/, test/ and cli.tsx into plain JavaScript beside
// each other in test-build/ (a fraction of a second; not under node_modules, where Node 22's test
// runner finds no test file: its arguments are globs, which skip node_modules), and the test files
// run from there without tsx's loader, which cost each of the 86 test processes ~0.2 s of CPU
// (measured here: `node --import tsx -e 0` 0.25 s against 0.06 s). Test files find the repository
// through test/support/repo-root.ts; `node --import tsx --test FILE` still runs one from source.
import {existsSync, readdirSync, rmSync, statSync, symlinkSync} from 'node:fs';
import {join, relative, resolve} from 'node:path';
import {spawnSync} from 'node:child_process';
import {build} from 'esbuild';

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

function find(dir, pattern) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path, pattern);
    return pattern.test(name) ? [path] : [];
  });
}
const TEST_FILE = /\.test\.tsx?$/;
const COMPILED = 'test-build';

/** source/, test/ and cli.tsx as ESM JavaScript under COMPILED; test/x.test.ts → COMPILED/test/x.test.js. */
async function compile() {
  rmSync(COMPILED, {recursive: true, force: true});
  const typescript = /\.tsx?$/;
  const sources = [...find('source', typescript), ...find('test', typescript), 'cli.tsx'].filter(
    (file) => !file.endsWith('.d.ts'),
  );
  await build({
    entryPoints: sources,
    outdir: COMPILED,
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'esm',
    target: 'node20.18',
    jsx: 'automatic',
    logLevel: 'warning',
  });
  // The build's scripts, which test/build imports, are the repository's own.
  symlinkSync(resolve('scripts'), join(COMPILED, 'scripts'));
}
const compiled = (file) => join(COMPILED, relative('.', file).replace(/\.tsx?$/, '.js'));

const gone = SLOW_FIRST.filter((file) => !existsSync(file));
if (gone.length > 0) {
  console.error(`scripts/test.mjs: SLOW_FIRST names files that are gone: ${gone.join(', ')}`);
  process.exit(1);
}
const only = process.argv.slice(2);
const all = find('test', TEST_FILE).sort();
const files = only.length > 0 ? only : [...SLOW_FIRST, ...all.filter((file) => !SLOW_FIRST.includes(file))];
await compile();
const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-concurrency=6', '--test-timeout=120000', ...files.map(compiled)],
  {stdio: 'inherit', env: {...process.env, FORCE_COLOR: '0'}},
);
process.exit(result.status ?? 1);
