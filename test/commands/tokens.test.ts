// `tokens list`, `users search`, `whoami`, --user resolution and the access-token cache, end to end.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {freshHome, runCli, storeProfile, type CliResult} from './cli-harness.js';

const SECRET = `S3cr3t-${randomBytes(12).toString('hex')}`;
let sim: Simulator;

before(async () => {
  sim = await startSimulator({
    port: 0,
    users: 25,
    tokens: 150,
    seed: 11,
    clientId: 'sim-id',
    clientSecret: SECRET,
    rateLimits: false,
  });
});
after(async () => {
  await sim?.stop();
});

/** A home with the profile "sim"; `tested`: added by the command with its connection test, which caches a token. */
async function homeWithProfile(t: {after: (fn: () => void) => void}, {tested = false} = {}): Promise<string> {
  const {home, cleanup} = freshHome();
  t.after(cleanup);
  if (!tested) {
    storeProfile(home, {name: 'sim', tenant: sim.url, clientId: 'sim-id', secret: SECRET});
    return home;
  }
  const added = await runCli(
    ['profiles', 'add', 'sim', '--tenant', sim.url, '--client-id', 'sim-id', '--secret-stdin'],
    {home, input: SECRET},
  );
  assert.equal(added.code, 0, added.stderr);
  return home;
}

function noSecret(...results: CliResult[]): void {
  for (const result of results) assert.ok(!result.stdout.includes(SECRET) && !result.stderr.includes(SECRET));
}

test('ten consecutive `tokens list` runs spend exactly one POST /oauth/token', async (t) => {
  const home = await homeWithProfile(t);
  sim.resetStats();
  for (let run = 0; run < 10; run++) {
    const result = await runCli(['tokens', 'list', '--json'], {home});
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as unknown[]).length, sim.tokens().length);
    noSecret(result);
  }
  assert.equal(sim.stats().byRoute['POST /oauth/token'], 1);
});

test('an expired cached token is replaced once and the new one is cached again', async (t) => {
  const home = await homeWithProfile(t);
  assert.equal((await runCli(['whoami'], {home})).code, 0);
  sim.expireAccessTokens();
  sim.resetStats();
  for (let run = 0; run < 3; run++) assert.equal((await runCli(['whoami'], {home})).code, 0);
  assert.equal(sim.stats().byRoute['POST /oauth/token'], 1);
});

test('the tenant-wide list: one JSON array of every token; a table with user names for humans', async (t) => {
  const home = await homeWithProfile(t);
  const json = await runCli(['tokens', 'list', '--json'], {home});
  assert.equal(json.code, 0, json.stderr);
  const tokens = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
  assert.deepEqual(
    tokens.map((token) => token.id).sort(),
    sim
      .tokens()
      .map((token) => token.id)
      .sort(),
  );
  for (const token of tokens)
    assert.deepEqual(Object.keys(token), ['id', 'userId', 'tenantId', 'description', 'deviceType', 'lastUsed']);
  assert.equal(json.stderr, '');

  const human = await runCli(['tokens', 'list'], {home});
  assert.equal(human.code, 0, human.stderr);
  const lines = human.stdout.trimEnd().split('\n');
  assert.match(
    lines[0]!,
    new RegExp(`^${sim.tokens().length} tokens of \\d+ users in ${sim.url.replace(/[.]/g, '\\.')}$`),
  );
  assert.match(lines[1]!, /^TOKEN ID\s+USER\s+DESCRIPTION\s+DEVICE\s+LAST USED$/);
  assert.equal(lines.length, 2 + sim.tokens().length);
  const someToken = sim.tokens()[0]!;
  const owner = sim.users().find((user) => user.id === someToken.userId)!;
  const row = lines.find((line) => line.startsWith(someToken.id))!;
  assert.ok(row.includes(owner.name), `${row} names ${owner.name}`);
});

test('--user accepts an ID, an exact email or "me", and records the user as recent', async (t) => {
  const home = await homeWithProfile(t);
  const someone = sim
    .users()
    .find((user) => user.email && sim.tokens().filter((token) => token.userId === user.id).length >= 2)!;
  const theirs = sim
    .tokens()
    .filter((token) => token.userId === someone.id)
    .map((token) => token.id)
    .sort();

  for (const spec of [someone.id, someone.email!, someone.email!.toUpperCase()]) {
    const result = await runCli(['tokens', 'list', '--user', spec, '--json'], {home});
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((JSON.parse(result.stdout) as Array<{id: string}>).map((token) => token.id).sort(), theirs, spec);
  }
  const human = await runCli(['tokens', 'list', '--user', someone.id], {home});
  assert.match(human.stdout, new RegExp(`^${theirs.length} tokens of .* \\(${someone.id}\\)$`, 'm'));
  assert.match(human.stdout, /^TOKEN ID\s+DESCRIPTION\s+DEVICE\s+LAST USED$/m);

  sim.addToken(sim.botUser.id, {description: 'the bot\u2019s own'});
  const mine = await runCli(['tokens', 'list', '--user', 'me', '--json'], {home});
  assert.equal(mine.code, 0, mine.stderr);
  const own = JSON.parse(mine.stdout) as Array<{userId: string}>;
  assert.ok(own.length >= 1 && own.every((token) => token.userId === sim.botUser.id));

  const profiles = JSON.parse((await runCli(['profiles', 'list', '--json'], {home})).stdout) as Array<{
    recentUsers: Array<{id: string}>;
  }>;
  assert.deepEqual(
    profiles[0]!.recentUsers.map((user) => user.id),
    [sim.botUser.id, someone.id],
  );
});

test('an email that matches nobody, or several users, and an unknown ID are errors that say what was found', async (t) => {
  const home = await homeWithProfile(t);
  const nobody = await runCli(['tokens', 'list', '--user', 'nobody-here@example.com', '--json'], {home});
  assert.equal(nobody.code, 1);
  assert.equal(nobody.stdout, '');
  assert.match(nobody.stderr, /no user has the email nobody-here@example\.com/);

  const one = sim.addUser({name: 'Dana Twin', email: 'twin@example.com'});
  const two = sim.addUser({name: 'Dana Twin (old)', email: 'twin@example.com'});
  const ambiguous = await runCli(['tokens', 'list', '--user', 'twin@example.com'], {home});
  assert.equal(ambiguous.code, 2);
  assert.match(ambiguous.stderr, /2 users have the email twin@example\.com/);
  assert.ok(ambiguous.stderr.includes(one.id) && ambiguous.stderr.includes(two.id), ambiguous.stderr);

  const unknownId = await runCli(['tokens', 'list', '--user', 'ffffffffffffffffffffffff'], {home});
  assert.equal(unknownId.code, 1);
  assert.match(unknownId.stderr, /no user has the ID ffffffffffffffffffffffff/);
});

test('users search prints id, name, email and status; --json an array', async (t) => {
  const home = await homeWithProfile(t);
  const target = sim.users().find((user) => user.email)!;
  const query = target.email!.split('@')[0]!;
  const human = await runCli(['users', 'search', query], {home});
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /^ID\s+NAME\s+EMAIL\s+STATUS$/m);
  assert.ok(human.stdout.includes(target.id));
  const json = await runCli(['users', 'search', query, '--json'], {home});
  const users = JSON.parse(json.stdout) as Array<{id: string}>;
  assert.ok(users.some((user) => user.id === target.id));
  const bad = await runCli(['users', 'search'], {home});
  assert.equal(bad.code, 2);
});

test('whoami names the bot user; --json is one document', async (t) => {
  const home = await homeWithProfile(t);
  const human = await runCli(['whoami'], {home});
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /subject\s+qlikbot\\sim-id/);
  const json = await runCli(['whoami', '--json'], {home});
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.user.id, sim.botUser.id);
  assert.equal(doc.profile, 'sim');
  noSecret(human, json);
});

test('environment credentials: all three run without any profile; one overrides the profile\u2019s field', async (t) => {
  const {home, cleanup} = freshHome();
  t.after(cleanup);
  const env = {QLIK_TENANT: sim.url, QLIK_CLIENT_ID: 'sim-id', QLIK_CLIENT_SECRET: SECRET};
  sim.resetStats();
  for (let run = 0; run < 3; run++) {
    const result = await runCli(['whoami', '--json'], {home, env});
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).profile, null);
    noSecret(result);
  }
  assert.equal(sim.stats().byRoute['POST /oauth/token'], 1, 'environment runs share a cache too');
  const config = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8'));
  assert.deepEqual(config.profiles, {}, 'no profile was stored');
  assert.ok(!JSON.stringify(config).includes(SECRET), 'the environment secret is not written anywhere');

  const partial = await runCli(['whoami'], {home, env: {QLIK_TENANT: sim.url}});
  assert.equal(partial.code, 2);
  assert.match(partial.stderr, /profiles add/);
  assert.match(partial.stderr, /missing: QLIK_CLIENT_ID, QLIK_CLIENT_SECRET/);

  const withProfile = await homeWithProfile(t, {tested: true});
  const wrong = await runCli(['whoami'], {home: withProfile, env: {QLIK_CLIENT_SECRET: 'not-the-secret-123'}});
  assert.equal(wrong.code, 3, 'the override replaced the stored secret (and did not reuse its cached token)');
  assert.match(wrong.stderr, /authentication failed/);
  assert.ok(!wrong.stderr.includes('not-the-secret-123'));
});

test('no profile at all, or an unknown --profile, is a usage error that says what to do', async (t) => {
  const {home, cleanup} = freshHome();
  t.after(cleanup);
  const none = await runCli(['tokens', 'list'], {home});
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no profile is configured.*\n.*profiles add NAME --tenant/);
  const withProfile = await homeWithProfile(t);
  const unknown = await runCli(['tokens', 'list', '--profile', 'prod'], {home: withProfile});
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no profile named "prod"; existing profiles: sim/);
});

test('an unreachable tenant is a failure (exit 1) that names the host', async (t) => {
  const home = await homeWithProfile(t);
  const dead = await startSimulator({port: 0, users: 1, tokens: 0});
  const url = dead.url;
  await dead.stop();
  const result = await runCli(['whoami'], {home, env: {QLIK_TENANT: url}});
  assert.equal(result.code, 1);
  assert.ok(result.stderr.includes(new URL(url).host), result.stderr);
});
