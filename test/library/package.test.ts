// The package as a web app gets it: `npm pack`, `npm i <tarball>` into a fresh project, then
// `import {createQlikClient, revokeUserTokens} from 'qlik-tokens'` from a .mjs file, over HTTP
// against the simulator. Also proves the types resolve through package.json's `exports` (tsc on a
// .ts consumer) and that importing it loads neither React, Ink nor conf.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {startSimulator} from '../../source/simulator/index.js';
import {REPO_ROOT} from '../commands/cli-harness.js';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// The consumer: a logout hook's calls, then a report on stdout. Loaded with a resolve hook that
// writes down every module URL the import resolves.
const APP = `
import {createQlikClient, revokeUserTokens, isQlikError} from 'qlik-tokens';
const [tenantUrl, clientId, clientSecret, userId, otherToken] = process.argv.slice(2);
const client = createQlikClient({tenantUrl, clientId, clientSecret});
const me = await client.whoami();
const found = await client.searchUsers(userId);
const before = await client.listTokens({userId});
const progress = [];
const result = await revokeUserTokens(client, userId, {onProgress: (p) => progress.push(p)});
const single = await client.revokeToken(otherToken);
let badCredentials = '';
const wrong = createQlikClient({tenantUrl, clientId, clientSecret: 'not-the-secret'});
try { await revokeUserTokens(wrong, userId); } catch (error) { badCredentials = isQlikError(error) ? error.kind : String(error); }
await wrong.close();
await client.close();
console.log(JSON.stringify({me: me.id, found: found.map((u) => u.id), before: before.length, result, progress, single, badCredentials}));
`;

const CONSUMER_TS = `
import {createQlikClient, revokeUserTokens, type RevokeUserTokensResult, type QlikToken} from 'qlik-tokens';
const client = createQlikClient({tenantUrl: 'https://t.eu.qlikcloud.com', clientId: 'id', clientSecret: 's', scope: 'admin_classic'});
export async function logout(userId: string): Promise<number> {
  const tokens: QlikToken[] = await client.listTokens({userId});
  const result: RevokeUserTokensResult = await revokeUserTokens(client, userId, {concurrency: 4, signal: AbortSignal.timeout(5000)});
  const failedIds: string[] = result.failed.map((f) => f.id + f.error);
  return tokens.length + result.revoked.length + result.alreadyGone.length + failedIds.length;
}
// @ts-expect-error revokeUserTokens takes a client first
void revokeUserTokens('user');
`;

const HOOKS = `
import {register} from 'node:module';
register('./resolve-log.mjs', import.meta.url);
`;
const RESOLVE_LOG = `
import {appendFileSync} from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(new URL('./resolved.txt', import.meta.url), resolved.url + '\\n');
  return resolved;
}
`;

test('npm pack → npm i <tarball> → import from "qlik-tokens" revokes a user over HTTP, typed, without React or conf', async (t) => {
  const lib = join(REPO_ROOT, 'dist', 'lib', 'index.js');
  assert.ok(existsSync(lib), 'dist/lib/index.js is missing: npm run build (npm test builds first)');
  const work = mkdtempSync(join(tmpdir(), 'qlik-tokens-lib-'));
  t.after(() => rmSync(work, {recursive: true, force: true}));
  const npmEnv: NodeJS.ProcessEnv = {...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false'};
  // The machine's certificate authorities, which scripts/test.mjs keeps from the other processes,
  // for npm reaching the registry (through a proxy that needs them, on some machines).
  if (process.env.TEST_NPM_EXTRA_CA_CERTS) npmEnv.NODE_EXTRA_CA_CERTS = process.env.TEST_NPM_EXTRA_CA_CERTS;

  const packed = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: REPO_ROOT,
    env: npmEnv,
  });
  const [info] = JSON.parse(packed.stdout) as Array<{filename: string; files: Array<{path: string}>}>;
  const packedFiles = info!.files.map((f) => f.path);
  for (const file of [
    'dist/lib/index.js',
    'dist/types/library/index.d.ts',
    'dist/cli.cjs',
    'dist/commands.js',
    'dist/tui.cjs',
    'package.json',
  ])
    assert.ok(packedFiles.includes(file), `${file} is not in the tarball`);
  assert.ok(!packedFiles.some((f) => f.startsWith('source/') || f.startsWith('test/')), 'sources in the tarball');

  const app = join(work, 'app');
  await run('mkdir', [app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({name: 'logout-app', private: true, type: 'module'}));
  // Dependencies come from npm's cache (npm ci filled it); the registry only for what it lacks.
  await run(
    npm,
    ['install', join(work, info!.filename), '--prefer-offline', '--no-audit', '--ignore-scripts', '--no-package-lock'],
    {cwd: app, env: npmEnv},
  );
  assert.ok(
    existsSync(join(app, 'node_modules', 'react')),
    'react is installed beside it (so not resolving it means something)',
  );

  const sim = await startSimulator({users: 12, tokens: 120, seed: 7, latencyMs: 5});
  t.after(() => sim.stop());
  const [userId, count] = [...sim.tokenCounts()].sort((a, b) => b[1] - a[1])[0]!;
  const other = sim.tokens().find((token) => token.userId !== userId)!;

  writeFileSync(join(app, 'app.mjs'), APP);
  writeFileSync(join(app, 'hooks.mjs'), HOOKS);
  writeFileSync(join(app, 'resolve-log.mjs'), RESOLVE_LOG);
  const {stdout} = await run(
    process.execPath,
    ['--import', './hooks.mjs', 'app.mjs', sim.url, sim.clientId, sim.clientSecret, userId, other.id],
    {cwd: app},
  );
  const report = JSON.parse(stdout) as {
    me: string;
    found: string[];
    before: number;
    result: {revoked: string[]; alreadyGone: string[]; failed: unknown[]; minted: string[]; cancelled: boolean};
    progress: Array<{done: number; total: number; outcome: string}>;
    single: string;
    badCredentials: string;
  };
  assert.equal(report.me, sim.botUser.id);
  assert.deepEqual(report.found, [userId]);
  assert.equal(report.before, count);
  assert.equal(report.result.revoked.length, count);
  assert.deepEqual(report.result.alreadyGone, []);
  assert.deepEqual(report.result.failed, []);
  assert.equal(report.result.cancelled, false);
  assert.deepEqual(
    report.progress.map((p) => p.done),
    Array.from({length: count}, (_, i) => i + 1),
  );
  assert.ok(report.progress.every((p) => p.total === count && p.outcome === 'revoked'));
  assert.equal(report.single, 'revoked');
  assert.equal(report.badCredentials, 'auth');
  assert.ok(!sim.tokens().some((token) => token.userId === userId), 'the user still holds tokens');
  assert.equal(sim.hasToken(other.id), false);
  // Nobody else's tokens went: 120 − the user's − the one revoked by ID.
  assert.equal(sim.tokens().length, 120 - count - 1);

  const resolved = readFileSync(join(app, 'resolved.txt'), 'utf8').trim().split('\n');
  assert.ok(
    resolved.some((url) => url.endsWith('/node_modules/qlik-tokens/dist/lib/index.js')),
    resolved.join('\n'),
  );
  const heavy = resolved.filter((url) => /\/node_modules\/(react|ink|conf|yoga-layout|scheduler)\//.test(url));
  assert.deepEqual(heavy, []);
  // The bundle itself names none of them (a require() would not pass the ESM hook).
  const bundle = readFileSync(join(app, 'node_modules', 'qlik-tokens', 'dist', 'lib', 'index.js'), 'utf8');
  assert.doesNotMatch(bundle, /require\(["'](react|ink|conf)["']\)|from ["'](react|ink|conf)["']/);

  // The types, as a TypeScript consumer resolves them (NodeNext: through `exports`).
  writeFileSync(join(app, 'consumer.ts'), CONSUMER_TS);
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        strict: true,
        noEmit: true,
        types: ['node'],
        typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
      },
      files: ['consumer.ts'],
    }),
  );
  await run(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'lib', 'tsc.js'), '-p', app]).catch(
    (error: {stdout?: string}) => assert.fail(`tsc on a consumer of the package failed:\n${error.stdout}`),
  );
});
