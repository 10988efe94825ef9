// Runs every test file under test/ with Node's own runner (Node 20 has no glob for --test).
//
// Six files at a time on this 2-core machine: most of the slow files spend their time waiting on a
// slow simulated tenant or a watch's clock, not computing (measured here, the tests alone: two at a
// time 140 s against 97 s for four, when each command cost twice the CPU it does now; then four
// 86.3 s, six 75.3 and 83.0 s, eight 90.3 s). The slowest files go first, so that none of them
// starts last and becomes the tail of the run.
//
// The tests run bundled: esbuild bundles each test file with what it imports, our sources and the
// dependencies, into test-build/ (ESM, shared code in chunks; half a second; not under
// node_modules, where Node 22's test runner finds no test file: its arguments are globs, which skip
// node_modules). That spares each test process tsx's loader (`node --import tsx -e 0`: 0.25 s of
// CPU against 0.06 s) and Node 20's ESM loader resolving hundreds of files: Ink and
// ink-testing-library alone took 0.31 s to import, the UI's whole bundle 0.045 s (measured here;
// the suite 145–160 s of CPU compiled file by file, 133 s bundled). Left outside the bundles: the
// build's own scripts (test/build loads them, and they find their files from where they are),
// node-pty (a native module) and esbuild (it finds its binary from its package). Test files find
// the repository through test/support/repo-root.ts; `node --import tsx --test FILE` still runs one
// from source.
import {existsSync, readdirSync, rmSync, statSync} from 'node:fs';
import {join, relative, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
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

/** The build's scripts stay where they are: imported by absolute URL, not bundled. */
const scriptsOutside = {
  name: 'scripts-outside',
  setup(esbuild) {
    esbuild.onResolve({filter: /(^|\/)scripts\/[^/]+\.mjs$/}, (args) => ({
      path: pathToFileURL(resolve(args.resolveDir, args.path)).href,
      external: true,
    }));
  },
};

/** Each test file and what it imports as ESM under COMPILED; test/x.test.ts → COMPILED/test/x.test.js. */
async function compile(files) {
  rmSync(COMPILED, {recursive: true, force: true});
  await build({
    entryPoints: files,
    outdir: COMPILED,
    outbase: '.',
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20.18',
    jsx: 'automatic',
    logLevel: 'warning',
    external: ['node-pty', 'esbuild', 'react-devtools-core'],
    plugins: [scriptsOutside],
    // CommonJS dependencies bundled into ESM still call require() for Node's built-ins.
    banner: {
      js: "import {createRequire as __qtCreateRequire} from 'node:module'; const require = __qtCreateRequire(import.meta.url);",
    },
  });
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
await compile(files);
// Some machines set NODE_EXTRA_CA_CERTS (this one: the system bundle, 220 kB). Node 20 reads it as
// every process starts, 40 ms of CPU each (`node -e 0` 50–70 ms with it, 10–20 ms without; Node 22
// and 24 read it only for a TLS connection), and the tests start some 600 processes. No test talks
// to a server off this machine but the package test's npm, which gets it back from
// TEST_NPM_EXTRA_CA_CERTS; the tests that trust a certificate of their own set it themselves.
const env = {...process.env, FORCE_COLOR: '0'};
if (env.NODE_EXTRA_CA_CERTS) {
  env.TEST_NPM_EXTRA_CA_CERTS = env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_EXTRA_CA_CERTS;
}
const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-concurrency=6', '--test-timeout=120000', ...files.map(compiled)],
  {stdio: 'inherit', env},
);
process.exit(result.status ?? 1);
