// `profiles ...` end to end: the CLI as a child process against the simulator over real HTTP.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {createHash, randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {freshHome, runCli, type CliResult} from './cli-harness.js';

const SECRET = `S3cr3t-${randomBytes(12).toString('hex')}`;
let sim: Simulator;

before(async () => {
  sim = await startSimulator({
    port: 0,
    users: 30,
    tokens: 120,
    seed: 7,
    clientId: 'sim-id',
    clientSecret: SECRET,
    rateLimits: false,
  });
});
after(async () => {
  await sim?.stop();
});

function assertNoSecret(results: CliResult[]): void {
  for (const result of results) {
    assert.ok(!result.stdout.includes(SECRET), `secret on stdout of ${result.argv.slice(3).join(' ')}`);
    assert.ok(!result.stderr.includes(SECRET), `secret on stderr of ${result.argv.slice(3).join(' ')}`);
    assert.ok(!result.argv.some((arg) => arg.includes(SECRET)), 'secret in argv');
  }
}

/** Every command line on the machine, as `ps` shows them. */
async function allCommandLines(): Promise<string> {
  const {stdout} = await promisify(execFile)('ps', ['-eo', 'args'], {maxBuffer: 16 * 1024 * 1024});
  return stdout;
}

function addSim(home: string, name = 'sim', extra: string[] = [], secret = SECRET): Promise<CliResult> {
  return runCli(['profiles', 'add', name, '--tenant', sim.url, '--client-id', 'sim-id', '--secret-stdin', ...extra], {
    home,
    input: secret,
  });
}

test('Done means: add from stdin, test, list a user\u2019s tokens as JSON, revoke one; the secret shows nowhere', async (t) => {
  const {home, cleanup} = freshHome();
  t.after(cleanup);
  const someone = sim.users().find((user) => user.email && sim.tokens().some((token) => token.userId === user.id))!;
  sim.resetStats();

  let psDuringAdd = '';
  const added = await runCli(
    ['profiles', 'add', 'sim', '--tenant', sim.url, '--client-id', 'sim-id', '--secret-stdin'],
    {
      home,
      input: SECRET,
      holdStdin: true,
      // While the secret sits in the child's stdin (not yet closed), look at every process's argv.
      onSpawn: async () => {
        psDuringAdd = await allCommandLines();
      },
    },
  );
  assert.equal(added.code, 0, added.stderr);
  assert.match(psDuringAdd, /profiles add sim/, 'ps saw the running command');
  assert.ok(!psDuringAdd.includes(SECRET), 'the secret is in no process argument');
  assert.match(added.stdout, /saved profile "sim" \(current\)/);

  const tested = await runCli(['profiles', 'test'], {home});
  assert.equal(tested.code, 0, tested.stderr);
  assert.match(tested.stdout, /acts as\s+qlik-tokens simulator client \(qlikbot\\sim-id\)/);
  assert.match(tested.stdout, /can list and revoke other users' tokens/);

  const listed = await runCli(['tokens', 'list', '--user', someone.email!, '--json'], {home});
  assert.equal(listed.code, 0, listed.stderr);
  const tokens = JSON.parse(listed.stdout) as Array<{id: string; userId: string}>;
  const expected = sim.tokens().filter((token) => token.userId === someone.id);
  assert.deepEqual(tokens.map((token) => token.id).sort(), expected.map((token) => token.id).sort());
  assert.ok(tokens.every((token) => token.userId === someone.id));

  const revoked = await runCli(['tokens', 'revoke', tokens[0]!.id, '--yes'], {home});
  assert.equal(revoked.code, 0, revoked.stderr + revoked.stdout);
  assert.equal(sim.hasToken(tokens[0]!.id), false);

  assertNoSecret([added, tested, listed, revoked]);
  assert.equal(sim.stats().byRoute['POST /oauth/token'], 1, 'the token fetched by "add" served every later command');
  const config = path.join(home, 'config.json');
  assert.ok(
    fs.readFileSync(config, 'utf8').includes(SECRET),
    'the secret is stored (that is the point of a profile)...',
  );
  if (process.platform !== 'win32')
    assert.equal(fs.statSync(config).mode & 0o777, 0o600, '...in a file only its owner can read');
});

test('the secret is never a flag', async (t) => {
  const {home, cleanup} = freshHome();
  t.after(cleanup);
  for (const flag of [['--client-secret', SECRET], [`--client-secret=${SECRET}`], ['--secret', SECRET]]) {
    const result = await runCli(['profiles', 'add', 'x', '--tenant', sim.url, '--client-id', 'sim-id', ...flag], {
      home,
    });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /the secret is never a flag: use --secret-stdin or the prompt/);
    assert.ok(!result.stderr.includes(SECRET) && !result.stdout.includes(SECRET));
  }
  assert.equal(fs.existsSync(path.join(home, 'config.json')), false);
});

test('without a terminal and without --secret-stdin, add refuses instead of waiting', async (t) => {
  const {home, cleanup} = freshHome();
  t.after(cleanup);
  const result = await runCli(['profiles', 'add', 'x', '--tenant', sim.url, '--client-id', 'sim-id'], {home});
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--secret-stdin/);
});

test('a wrong secret is an authentication failure (exit 3) and nothing is saved', async (t) => {
  const {home, cleanup} = freshHome();
  t.after(cleanup);
  const wrong = `wrong-${randomBytes(8).toString('hex')}`;
  const result = await addSim(home, 'bad', [], wrong);
  assert.equal(result.code, 3);
  assert.match(result.stderr, /authentication failed: check the client ID and secret/);
  assert.match(result.stderr, /not saved/);
  assert.ok(!result.stderr.includes(wrong));
  const listed = await runCli(['profiles', 'list', '--json'], {home});
  assert.deepEqual(JSON.parse(listed.stdout), []);
});

test('--no-test saves without a request; a missing admin_classic scope is reported as such by test (exit 3)', async (t) => {
  const {home, cleanup} = freshHome();
  t.after(cleanup);
  sim.resetStats();
  const added = await addSim(home, 'weak', ['--scope', 'user_default', '--no-test']);
  assert.equal(added.code, 0, added.stderr);
  assert.equal(sim.stats().requests, 0);
  const tested = await runCli(['profiles', 'test', 'weak'], {home});
  assert.equal(tested.code, 3);
  assert.match(tested.stdout, /missing the admin_classic scope/);
  const json = await runCli(['profiles', 'test', 'weak', '--json'], {home});
  assert.equal(json.code, 3);
  const report = JSON.parse(json.stdout);
  assert.equal(report.hasAdminScope, false);
  assert.equal(report.canManageOtherUsersTokens, false);
  assert.equal(report.user.id, sim.botUser.id);
  assertNoSecret([added, tested, json]);
});

test('list, use, edit and remove; list never shows a secret or an access token, not even with --json', async (t) => {
  const {home, cleanup} = freshHome();
  t.after(cleanup);
  assert.equal((await addSim(home, 'prod')).code, 0);
  assert.equal((await addSim(home, 'staging', ['--readonly'])).code, 0);
  const accessToken = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).profiles.prod
    .cachedAccessToken.accessToken as string;

  const human = await runCli(['profiles', 'list'], {home});
  assert.equal(human.code, 0);
  assert.match(human.stdout, /^\s+NAME\s+TENANT\s+CLIENT ID\s+SCOPE\s+MODE$/m);
  assert.match(human.stdout, /^\*\s+prod\s/m);
  assert.match(human.stdout, /staging .* read-only$/m);
  const json = await runCli(['profiles', 'list', '--json'], {home});
  const profiles = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(
    profiles.map((p) => [p.name, p.current, p.readonly]),
    [
      ['prod', true, false],
      ['staging', false, true],
    ],
  );
  for (const result of [human, json])
    assert.ok(!result.stdout.includes(accessToken) && !result.stderr.includes(accessToken));
  assertNoSecret([human, json]);

  assert.equal((await runCli(['profiles', 'use', 'staging'], {home})).code, 0);
  const edited = await runCli(
    ['profiles', 'edit', 'staging', '--no-readonly', '--scope', 'user_default', '--no-test'],
    {home},
  );
  assert.equal(edited.code, 0, edited.stderr);
  const after = JSON.parse((await runCli(['profiles', 'list', '--json'], {home})).stdout) as Array<
    Record<string, unknown>
  >;
  assert.deepEqual(
    after.map((p) => [p.name, p.current, p.readonly, p.scope]),
    [
      ['prod', false, false, 'admin_classic'],
      ['staging', true, false, 'user_default'],
    ],
  );

  const refused = await runCli(['profiles', 'remove', 'prod'], {home});
  assert.equal(refused.code, 2, 'no terminal to ask: --yes is needed');
  assert.match(refused.stderr, /--yes/);
  const removed = await runCli(['profiles', 'remove', 'prod', '--yes'], {home});
  assert.equal(removed.code, 0, removed.stderr);
  const unknown = await runCli(['profiles', 'use', 'prod'], {home});
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no profile named "prod"; existing profiles: staging/);
});

test('a broken config file makes every command fail with exit 1, naming the file, which stays untouched', async (t) => {
  const {home, cleanup} = freshHome();
  t.after(cleanup);
  assert.equal((await addSim(home)).code, 0);
  const config = path.join(home, 'config.json');
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').slice(0, 50));
  const hash = (): string => createHash('sha256').update(fs.readFileSync(config)).digest('hex');
  const before = hash();
  for (const args of [
    ['profiles', 'list'],
    ['tokens', 'list', '--json'],
    ['whoami'],
    ['profiles', 'add', 'x', '--tenant', sim.url, '--client-id', 'sim-id', '--secret-stdin', '--no-test'],
  ]) {
    const result = await runCli(args, {home, input: SECRET});
    assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
    assert.ok(result.stderr.includes(config), result.stderr);
    assert.match(result.stderr, /not valid JSON/);
    assert.equal(result.stdout, '');
    assert.ok(!/\n\s+at /.test(result.stderr), 'no stack trace');
  }
  assert.equal(hash(), before);
});

test('help for each command', async (t) => {
  const {home, cleanup} = freshHome();
  t.after(cleanup);
  for (const [command, pattern] of [
    ['profiles', /profiles add NAME --tenant URL --client-id ID/],
    ['tokens', /tokens list\s+\[--user ID\|EMAIL\|me\]/],
    ['users', /users search QUERY/],
    ['whoami', /whoami/],
  ] as const) {
    const result = await runCli([command, '--help'], {home});
    assert.equal(result.code, 0);
    assert.match(result.stdout, pattern);
  }
  const unknown = await runCli(['profiles', 'frobnicate'], {home});
  assert.equal(unknown.code, 2);
});
