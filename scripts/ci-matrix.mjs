// `node scripts/ci-matrix.mjs` (run by .ci/run after `npm test`): the tool on Node 20, 22 and 24.
//   - Node 22 and 24 come from npm (node-<platform>-<arch>@22, @24): the binary and the headers, so
//     node-pty is rebuilt for each offline with node-gyp --nodedir; the repo's own build of node-pty
//     is put back at the end, whatever happened.
//   - On each of them: the build, the command tests and the pseudo-terminal tests (plus the build
//     patches' and the code cache's tests, which depend on the Node version).
//   - On each Node, this one included: what a user installing from npm gets. `npm pack`, the tarball
//     installed into a fresh prefix with `npm i -g --prefix`, then `qlik-tokens --version`, `--demo`
//     in a pty (quit with q), and `tokens list` against `qlik-tokens simulate`.
// Every step prints its command, its outcome and its time; a summary per Node closes the run.
// QLIK_CI_NODES=22,24 chooses the extra versions ("" for none).
import {spawn, spawnSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const extraVersions = (process.env.QLIK_CI_NODES ?? '22,24').split(',').filter(Boolean);
const work = mkdtempSync(join(tmpdir(), 'qlik-tokens-ci-'));
const npmCli = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
const nodeGyp = join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const ptyDir = join(ROOT, 'node_modules', 'node-pty');
const ptyBinary = join(ptyDir, 'build', 'Release', 'pty.node');
const started = performance.now();

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const results = [];

/** Runs one step: prints it, times it, records it; a failing step fails the run, not the script. */
async function step(node, name, action) {
  const begun = performance.now();
  process.stdout.write(`\n▶ [node ${node}] ${name}\n`);
  try {
    const note = await action();
    const took = performance.now() - begun;
    results.push({node, name, ok: true, took});
    process.stdout.write(`✔ [node ${node}] ${name}${note ? ` — ${note}` : ''} (${seconds(took)})\n`);
    return true;
  } catch (error) {
    const took = performance.now() - begun;
    results.push({node, name, ok: false, took});
    process.stdout.write(`✖ [node ${node}] ${name}: ${error.message} (${seconds(took)})\n`);
    return false;
  }
}

/** Runs a command with its output shown; rejects on a non-zero exit. Returns its stdout if captured. */
function run(file, args, {env = process.env, cwd = ROOT, capture = false} = {}) {
  process.stdout.write(`  $ ${[relative(ROOT, file) || file, ...args].join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {cwd, env, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit']});
    let out = '';
    child.stdout?.on('data', (data) => {
      out += data;
    });
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0 ? resolve(out) : reject(new Error(`${file} exited with ${signal ?? code}`)),
    );
  });
}

/** An environment whose `node` (for shebangs and npm's scripts) is `nodeBin`. */
function envFor(nodeBin) {
  return {...process.env, PATH: `${dirname(nodeBin)}:${process.env.PATH}`};
}

/** The test files for another Node: the commands, every pseudo-terminal test, and the Node-bound ones. */
function versionBoundTests() {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir, {withFileTypes: true})) {
      const path = join(dir, name.name);
      if (name.isDirectory()) walk(path);
      else if (/\.test\.tsx?$/.test(name.name)) files.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, 'test'));
  return files
    .filter((file) => {
      if (/^test\/(commands|e2e|build)\//.test(file) || file === 'test/ui/launch.test.ts') return true;
      return /from '\.\.\/(support\/pty|e2e\/pty-terminal)\.js'/.test(readFileSync(join(ROOT, file), 'utf8'));
    })
    .sort();
}

/** What a user gets from npm: the tarball, installed on `nodeBin`, started three ways. */
async function packedInstall(node, nodeBin, tarball) {
  const env = envFor(nodeBin);
  const prefix = join(work, `install-${node}`);
  const home = mkdtempSync(join(work, `home-${node}-`));
  const bin = join(prefix, 'bin', 'qlik-tokens');
  await step(node, 'packed install: npm i -g --prefix DIR qlik-tokens.tgz', async () => {
    await run(nodeBin, [npmCli, 'install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], {env});
    const used = (await run(join(prefix, 'bin', 'qlik-tokens'), ['--version'], {env, capture: true})).trim();
    if (used !== pkg.version) throw new Error(`--version printed ${JSON.stringify(used)}, not ${pkg.version}`);
    const which = (await run('/usr/bin/env', ['node', '--version'], {env, capture: true})).trim();
    return `qlik-tokens --version = ${used}, under node ${which}`;
  });
  await step(node, 'packed install: qlik-tokens --demo in a pty, q', () =>
    run(nodeBin, [join(ROOT, 'scripts', 'ci-demo.mjs'), bin], {env: {...env, QLIK_TOKENS_HOME: home}}),
  );
  await step(node, 'packed install: tokens list --json against qlik-tokens simulate', async () => {
    const sim = spawn(bin, ['simulate', '--users', '20', '--tokens', '50'], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise((resolve, reject) => {
        let out = '';
        sim.stdout.on('data', (data) => {
          out += data;
          if (out.includes('\n')) resolve(out.split('\n')[0].trim());
        });
        sim.on('close', (code) => reject(new Error(`simulate exited with ${code} before printing its URL`)));
      });
      const listed = await run(bin, ['tokens', 'list', '--json'], {
        env: {
          ...env,
          QLIK_TOKENS_HOME: home,
          QLIK_TENANT: url,
          QLIK_CLIENT_ID: 'sim-client-id',
          QLIK_CLIENT_SECRET: 'sim-client-secret',
        },
        capture: true,
      });
      const tokens = JSON.parse(listed);
      if (!Array.isArray(tokens) || tokens.length !== 50)
        throw new Error(`expected 50 tokens, got ${listed.slice(0, 200)}`);
      return `${tokens.length} tokens from ${url}`;
    } finally {
      sim.kill('SIGTERM');
    }
  });
}

/** Node `version` from npm: its binary and its headers. */
async function fetchNode(version) {
  const name = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const prefix = join(work, `node-${version}`);
  await run(process.execPath, [npmCli, 'install', '--prefix', prefix, '--no-audit', '--no-fund', `${name}@${version}`]);
  const dir = join(prefix, 'node_modules', name);
  const nodeBin = join(dir, 'bin', 'node');
  if (!existsSync(nodeBin) || !existsSync(join(dir, 'include', 'node', 'node.h'))) {
    throw new Error(`${name}@${version} has no bin/node or include/node/node.h`);
  }
  return {dir, nodeBin};
}

function rebuildPty(nodeDir, nodeBin) {
  return run(nodeBin, [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`], {cwd: ptyDir, env: envFor(nodeBin)});
}

// ---------------------------------------------------------------------------------------------
const here = process.version.slice(1).split('.')[0];
process.stdout.write(
  `CI matrix: node ${process.version} (this machine) and ${extraVersions.join(', ') || 'no other'}\n`,
);
process.stdout.write(`work directory ${work}\n`);

let tarball;
await step(here, 'npm pack', async () => {
  const out = await run(process.execPath, [npmCli, 'pack', '--pack-destination', work, '--silent'], {capture: true});
  tarball = join(work, out.trim().split('\n').at(-1));
  if (!existsSync(tarball)) throw new Error(`no tarball at ${tarball}`);
  return relative(work, tarball);
});
if (tarball) await packedInstall(here, process.execPath, tarball);

const savedPty = join(work, 'pty.node.saved');
copyFileSync(ptyBinary, savedPty);
try {
  for (const version of extraVersions) {
    let node;
    if (
      !(await step(version, `fetch node-${process.platform}-${process.arch}@${version} from npm`, async () => {
        node = await fetchNode(version);
        return (await run(node.nodeBin, ['--version'], {capture: true})).trim();
      }))
    )
      continue;
    if (
      !(await step(version, 'rebuild node-pty (node-gyp --nodedir, offline)', () => rebuildPty(node.dir, node.nodeBin)))
    )
      continue;
    await step(version, 'build', () => run(node.nodeBin, ['scripts/build.mjs'], {env: envFor(node.nodeBin)}));
    const tests = versionBoundTests();
    await step(version, `${tests.length} test files: commands, pseudo-terminal, build, code cache`, () =>
      run(node.nodeBin, ['scripts/test.mjs', ...tests], {env: envFor(node.nodeBin)}),
    );
    if (tarball) await packedInstall(version, node.nodeBin, tarball);
  }
} finally {
  // The repo's node-pty and dist/ as this machine's Node built them.
  rmSync(join(ptyDir, 'build'), {recursive: true, force: true});
  mkdirSync(dirname(ptyBinary), {recursive: true});
  copyFileSync(savedPty, ptyBinary);
  spawnSync(process.execPath, ['scripts/build.mjs'], {cwd: ROOT, stdio: 'inherit'});
  rmSync(work, {recursive: true, force: true});
}

process.stdout.write(`\nCI matrix summary (${seconds(performance.now() - started)} in all)\n`);
for (const node of [...new Set(results.map((r) => r.node))]) {
  const mine = results.filter((r) => r.node === node);
  const failed = mine.filter((r) => !r.ok);
  process.stdout.write(
    `  node ${node}: ${failed.length === 0 ? 'ok' : `${failed.length} failed`} — ${mine.length} steps, ${seconds(mine.reduce((sum, r) => sum + r.took, 0))}\n`,
  );
  for (const r of failed) process.stdout.write(`    ✖ ${r.name}\n`);
}
process.exit(results.some((r) => !r.ok) ? 1 : 0);
