// Bad files at the command level: a config that is truncated, not JSON, the wrong shape, from the
// future, empty, a directory, a symbolic link or unreadable makes every command stop with exit 1 and
// a message naming the file, which is left byte for byte as it was; an audit log that cannot be
// written stops a revocation before its first DELETE. (The store-level cases: test/profiles.)
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {runCli, storeProfile} from '../commands/cli-harness.js';
import {sendJson, startTinyTenant} from '../qlik/tiny-tenant.js';
import {assertNoStack, cleanupHomes, newHome} from './support.js';

let sim: Simulator;
before(async () => {
  sim = await startSimulator({port: 0, users: 4, tokens: 20, seed: 4, rateLimits: false});
});
after(async () => {
  await sim?.stop();
  cleanupHomes();
});

const deletes = (): number => sim.stats().byRoute['DELETE /api/v1/oauth-tokens/{id}'] ?? 0;
const isRoot = process.getuid?.() === 0;

/** A home with one working profile "sim"; returns the config file's path. */
function homeWithProfile(): {home: string; config: string} {
  const home = newHome();
  storeProfile(home, {name: 'sim', tenant: sim.url, clientId: sim.clientId, secret: sim.clientSecret});
  return {home, config: path.join(home, 'config.json')};
}

/** Everything under `dir`: names, and the content hash of each regular file (links not followed). */
function snapshot(dir: string): string {
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      const stat = fs.lstatSync(file);
      if (!stat.isFile()) return `${name} ${stat.isSymbolicLink() ? `-> ${fs.readlinkSync(file)}` : 'dir'}`;
      return `${name} ${createHash('sha256').update(fs.readFileSync(file)).digest('hex')} ${(stat.mode & 0o777).toString(8)}`;
    })
    .join('\n');
}

type Corruption = {name: string; make: (config: string, home: string) => void; message: RegExp; skip?: string | false};

const CORRUPTIONS: Corruption[] = [
  {
    name: 'truncated',
    make: (c) => fs.writeFileSync(c, fs.readFileSync(c, 'utf8').slice(0, 60)),
    message: /is not valid JSON/,
  },
  {
    name: 'not JSON',
    make: (c) => fs.writeFileSync(c, 'profiles:\n  sim:\n    tenant: x\n'),
    message: /is not valid JSON/,
  },
  {
    name: 'a byte-order mark and NUL bytes',
    make: (c) => fs.writeFileSync(c, `\ufeff${fs.readFileSync(c, 'utf8')}\u0000\u0000`),
    message: /is not valid JSON/,
  },
  {name: 'empty', make: (c) => fs.writeFileSync(c, ''), message: /is empty/},
  {name: 'a JSON array', make: (c) => fs.writeFileSync(c, '[1, 2, 3]'), message: /does not hold a JSON object/},
  {
    name: 'profiles of the wrong type',
    make: (c) =>
      fs.writeFileSync(c, JSON.stringify({version: 1, currentProfile: 'sim', profiles: {sim: {tenantUrl: 5}}})),
    message: /expected shape/,
  },
  {
    name: 'an unknown field',
    make: (c) => fs.writeFileSync(c, JSON.stringify({...JSON.parse(fs.readFileSync(c, 'utf8')), extra: true})),
    message: /expected shape/,
  },
  {
    name: 'a future version',
    make: (c) => fs.writeFileSync(c, JSON.stringify({...JSON.parse(fs.readFileSync(c, 'utf8')), version: 99})),
    message: /written by a newer qlik-tokens \(config version 99/,
  },
  {
    name: 'a version that is not a number',
    make: (c) => fs.writeFileSync(c, JSON.stringify({...JSON.parse(fs.readFileSync(c, 'utf8')), version: '1'})),
    message: /"version" that is not a whole number/,
  },
  {
    name: 'a symbolic link to a valid config elsewhere',
    make: (c, home) => {
      const elsewhere = path.join(path.dirname(home), 'elsewhere.json');
      fs.renameSync(c, elsewhere);
      fs.symlinkSync(elsewhere, c);
    },
    message: /is a symbolic link \(refusing to follow it\)/,
    skip: process.platform === 'win32' ? 'symbolic links need privileges on Windows' : false,
  },
  {
    name: 'a directory',
    make: (c) => {
      fs.rmSync(c);
      fs.mkdirSync(c);
    },
    message: /is not a regular file/,
  },
  {
    name: 'unreadable',
    make: (c) => fs.chmodSync(c, 0o000),
    message: /cannot be read \(EACCES\)/,
    skip: isRoot ? 'root reads a mode-000 file' : process.platform === 'win32' ? 'no POSIX modes' : false,
  },
];

const COMMANDS: string[][] = [
  ['profiles', 'list'],
  ['profiles', 'list', '--json'],
  [
    'profiles',
    'add',
    'new',
    '--tenant',
    'https://t.eu.qlikcloud.com',
    '--client-id',
    'c',
    '--secret-stdin',
    '--no-test',
  ],
  ['profiles', 'use', 'sim'],
  ['profiles', 'edit', 'sim', '--scope', 'user_default', '--no-test'],
  ['profiles', 'remove', 'sim', '--yes'],
  ['profiles', 'test'],
  ['whoami', '--json'],
  ['users', 'search', 'a'],
  ['tokens', 'list'],
  ['tokens', 'revoke', 'SOMETOKEN', '--yes'],
];

/** Every command for the first corruptions; then a rotating four, to keep the file quick. */
function commandsFor(index: number): string[][] {
  if (index < 3) return COMMANDS;
  return [0, 1, 2, 3].map((k) => COMMANDS[(index * 4 + k) % COMMANDS.length]!);
}

describe('a broken config file', () => {
  for (const [index, corruption] of CORRUPTIONS.entries()) {
    test(corruption.name, {skip: corruption.skip ?? false}, async () => {
      const {home, config} = homeWithProfile();
      corruption.make(config, home);
      const before = snapshot(home);
      const elsewhere = path.join(path.dirname(home), 'elsewhere.json');
      const targetBefore = fs.existsSync(elsewhere) ? fs.readFileSync(elsewhere, 'utf8') : undefined;
      const deletesBefore = deletes();
      const runs = await Promise.all(commandsFor(index).map((args) => runCli(args, {home, input: 'a-secret-value'})));
      // Environment credentials still read the store (for the token cache): the same refusal.
      runs.push(
        await runCli(['whoami'], {
          home,
          env: {QLIK_TENANT: sim.url, QLIK_CLIENT_ID: sim.clientId, QLIK_CLIENT_SECRET: sim.clientSecret},
        }),
      );
      for (const run of runs) {
        const what = `${corruption.name}: ${run.argv.slice(2).join(' ')}`;
        assert.equal(run.code, 1, `${what}: ${run.stderr}`);
        assert.ok(run.stderr.includes(config), `${what} names the file: ${run.stderr}`);
        assert.match(run.stderr, corruption.message, what);
        assert.match(run.stderr, /left untouched/, what);
        assert.equal(run.stdout, '', what);
        assertNoStack(run.stderr, what);
      }
      assert.equal(snapshot(home), before, 'nothing in the home changed: no reset, no backup, no temp or lock file');
      if (targetBefore !== undefined)
        assert.equal(fs.readFileSync(elsewhere, 'utf8'), targetBefore, 'the link target is untouched');
      assert.equal(deletes(), deletesBefore);
      if (corruption.name === 'unreadable') fs.chmodSync(config, 0o600);
    });
  }
});

describe('an audit log that cannot be written', () => {
  const env = () => ({QLIK_TENANT: sim.url, QLIK_CLIENT_ID: sim.clientId, QLIK_CLIENT_SECRET: sim.clientSecret});

  test('a directory where the log should be: revoke refuses to start, zero DELETEs', async () => {
    const home = newHome();
    fs.mkdirSync(path.join(home, 'audit.jsonl'), {recursive: true});
    const [a, b] = sim.tokens().map((t) => t.id);
    const owner = sim.tokens().find((t) => t.userId !== sim.botUser.id)!.userId;
    const before = deletes();
    const runs = await Promise.all([
      runCli(['tokens', 'revoke', a!, b!, '--yes'], {home, env: env()}),
      runCli(['tokens', 'revoke', a!, '--yes', '--json'], {home, env: env()}),
      runCli(['tokens', 'revoke', '--user', owner, '--all', '--yes'], {home, env: env()}),
    ]);
    for (const run of runs) {
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /the audit log .*audit\.jsonl is not writable \(EISDIR\); nothing was revoked/);
      assert.equal(run.stdout, '');
      assertNoStack(run.stderr, 'revoke');
    }
    assert.equal(deletes(), before, 'the tenant saw no DELETE');
    assert.ok(sim.hasToken(a!) && sim.hasToken(b!));
    const audit = await runCli(['audit'], {home});
    assert.equal(audit.code, 1);
    assert.ok(audit.stderr.includes(path.join(home, 'audit.jsonl')), `audit names the file: ${audit.stderr}`);
    assertNoStack(audit.stderr, 'audit');
  });

  test(
    'a read-only directory: revoke refuses to start, zero DELETEs',
    {skip: isRoot ? 'root writes into a read-only directory' : process.platform === 'win32'},
    async () => {
      const home = newHome();
      fs.mkdirSync(home, {recursive: true, mode: 0o700});
      fs.chmodSync(home, 0o500);
      try {
        const before = deletes();
        const run = await runCli(['tokens', 'revoke', sim.tokens()[0]!.id, '--yes'], {home, env: env()});
        assert.notEqual(run.code, 0);
        assert.match(run.stderr, /not writable|cannot/);
        assert.equal(deletes(), before);
      } finally {
        fs.chmodSync(home, 0o700);
      }
    },
  );
});

describe('a hand-edited profile', () => {
  test('never sends the old tenant\u2019s cached access token to the new host', async () => {
    const home = newHome();
    // Added with a connection test: the token it fetched from the simulator is cached in the profile.
    const added = await runCli(
      ['profiles', 'add', 'sim', '--tenant', sim.url, '--client-id', sim.clientId, '--secret-stdin'],
      {home, input: sim.clientSecret},
    );
    assert.equal(added.code, 0, added.stderr);
    const config = path.join(home, 'config.json');
    const data = JSON.parse(fs.readFileSync(config, 'utf8')) as {
      profiles: {sim: {tenantUrl: string; cachedAccessToken?: {accessToken: string}}};
    };
    const cached = data.profiles.sim.cachedAccessToken?.accessToken;
    assert.ok(cached, 'the profile holds a cached access token');
    const other = await startTinyTenant((_req, res) => sendJson(res, 404, {errors: [{code: 'X', title: 'no'}]}));
    try {
      data.profiles.sim.tenantUrl = other.url;
      fs.writeFileSync(config, JSON.stringify(data), {mode: 0o600});
      await runCli(['tokens', 'list'], {home});
      assert.ok(other.requests.length > 0, 'the new host was asked');
      for (const request of other.requests)
        assert.notEqual(
          request.authorization,
          `Bearer ${cached}`,
          `${request.method} ${request.url} carried the old token`,
        );
    } finally {
      await other.stop();
    }
  });
});
