// Terminal injection through plain command output: names, emails, descriptions, device types and
// error texts carrying ESC/CSI/OSC sequences, C0/C1 controls, bidi overrides, zero-width and wide
// characters and 10,000-character values come out inert, and on a terminal every line fits.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import type {QlikUser} from '../../source/qlik/types.js';
import {runCli, type CliResult} from '../commands/cli-harness.js';
import {startTinyTenant, sendJson, tinyUser, TINY_SECRET, type TinyTenant} from '../qlik/tiny-tenant.js';
import {spawnInPty} from '../support/pty.js';
import {
  HOSTILE,
  HOSTILE_VALUES,
  assertFits,
  assertInert,
  assertNoStack,
  cleanupHomes,
  credentialsEnv,
  newHome,
} from './support.js';

const COLS = 60;
let sim: Simulator;
const hostileUsers: QlikUser[] = [];
let simHome: string;

before(async () => {
  sim = await startSimulator({
    port: 0,
    users: 2,
    tokens: 2,
    seed: 77,
    rateLimits: false,
    // The bot user's name is the OAuth client's name: whoami and profiles test print it.
    clientName: `${HOSTILE.osc52}${HOSTILE.bidi}${HOSTILE.long}`,
  });
  for (const [kind, value] of Object.entries(HOSTILE)) {
    const user = sim.addUser({
      name: value,
      email: `${kind}\u001b]0;t\u0007\u202e@example.com`,
      subject: `auth0|${value.slice(0, 200)}`,
    });
    hostileUsers.push(user);
    sim.addToken(user.id, {
      description: value,
      deviceType: HOSTILE_VALUES[(hostileUsers.length + 3) % HOSTILE_VALUES.length]!,
    });
  }
  simHome = newHome();
  const added = await runCli(
    ['profiles', 'add', 'sim', '--tenant', sim.url, '--client-id', sim.clientId, '--secret-stdin', '--no-test'],
    {home: simHome, input: sim.clientSecret},
  );
  assert.equal(added.code, 0, added.stderr);
  // A profile whose client ID (typed or pasted by someone) is hostile too.
  const odd = await runCli(
    [
      'profiles',
      'add',
      'odd',
      '--tenant',
      sim.url,
      '--client-id',
      HOSTILE.title + HOSTILE.long,
      '--secret-stdin',
      '--no-test',
    ],
    {home: simHome, input: 'x-secret-123'},
  );
  assert.equal(odd.code, 0, odd.stderr);
  // A hand-tampered audit log: every field hostile.
  const entry = (outcome: string) => ({
    time: new Date().toISOString(),
    profile: HOSTILE.osc52,
    tenant: `https://${HOSTILE.title}.example.com`,
    tokenId: HOSTILE.clear,
    userId: HOSTILE.long,
    outcome,
    status: 403,
    error: {kind: HOSTILE.c1, message: HOSTILE.newline + HOSTILE.bidi},
  });
  fs.writeFileSync(
    path.join(simHome, 'audit.jsonl'),
    [entry('failed'), entry(HOSTILE.c0)].map((e) => JSON.stringify(e)).join('\n') + '\n',
    {mode: 0o600},
  );
});
after(async () => {
  await sim?.stop();
  cleanupHomes();
});

const longUser = () => hostileUsers.find((user) => user.name === HOSTILE.long)!;

/** Every command that prints tenant strings (or the tampered file), as piped and as --json. */
const COMMANDS: Array<{name: string; args: () => string[]}> = [
  {name: 'users search', args: () => ['users', 'search', 'zqx', '--limit', '100']},
  {name: 'tokens list', args: () => ['tokens', 'list']},
  {name: 'tokens list --user', args: () => ['tokens', 'list', '--user', longUser().id]},
  {name: 'whoami', args: () => ['whoami']},
  {name: 'profiles list', args: () => ['profiles', 'list']},
  {name: 'profiles test', args: () => ['profiles', 'test']},
  {name: 'audit', args: () => ['audit']},
];

describe('piped output is inert, --json is escaped and exact', () => {
  for (const command of COMMANDS) {
    test(command.name, async () => {
      const [human, json] = await Promise.all([
        runCli(command.args(), {home: simHome}),
        runCli([...command.args(), '--json'], {home: simHome}),
      ]);
      for (const [result, label] of [
        [human, 'human'],
        [json, '--json'],
      ] as Array<[CliResult, string]>) {
        assert.equal(result.code, 0, `${command.name} ${label}: ${result.stderr}`);
        assertInert(result.stdout, `${command.name} ${label} stdout`);
        assertInert(result.stderr, `${command.name} ${label} stderr`);
      }
      // JSON escapes, it does not censor: the values come back exactly as the tenant sent them.
      const doc = JSON.stringify(JSON.parse(json.stdout));
      if (command.name !== 'profiles list')
        assert.ok(
          HOSTILE_VALUES.some((value) => doc.includes(JSON.stringify(value).slice(1, -1))),
          'hostile values round-trip in JSON',
        );
    });
  }

  test('a newline in a value cannot forge a row: one line per token', async () => {
    const result = await runCli(['tokens', 'list'], {home: simHome});
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2 + sim.tokens().length, result.stdout.slice(0, 2000));
    assert.equal(
      lines.filter((line) => line.startsWith('TOKEN ID')).length,
      1,
      'the forged header is part of a description, not a line',
    );
  });
});

describe(
  `on a ${COLS}-column terminal, every line fits and nothing is raw`,
  {skip: process.platform === 'win32'},
  () => {
    for (const command of COMMANDS) {
      test(command.name, async () => {
        const term = spawnInPty(command.args(), {home: simHome, cols: COLS});
        assert.equal(await term.exit, 0, term.output().slice(0, 2000));
        // The tool's own status line (`tokens list` on a terminal: "listing tokens… 100 so far",
        // drawn and erased with \r ESC[K) is the one control it writes; exactly that is taken out.
        const screen = term
          .output()
          .replace(/\r\n/g, '\n')
          .replace(/\r\u001b\[K(listing tokens… [\d,]+ so far)?/g, '');
        assertInert(screen, command.name);
        assertFits(screen, COLS, command.name);
      });
    }
  },
);

describe('error texts from the tenant are inert', () => {
  let tiny: TinyTenant;
  before(async () => {
    const hostileError = (status: number) => ({
      errors: [{code: HOSTILE.c1, title: HOSTILE.osc52, detail: HOSTILE.title + HOSTILE.bidi + HOSTILE.long, status}],
      traceId: HOSTILE.clear,
    });
    tiny = await startTinyTenant((req, res) => {
      if (req.url.startsWith('/api/v1/users/me')) sendJson(res, 403, hostileError(403));
      else if (req.url.startsWith('/api/v1/users'))
        sendJson(res, 200, {data: [{...tinyUser('U1'), name: HOSTILE.title}], links: {}});
      else if (req.method === 'DELETE') sendJson(res, 403, hostileError(403));
      else if (req.url.startsWith('/api/v1/oauth-tokens')) sendJson(res, 400, hostileError(400));
      else {
        res.writeHead(404, {'content-type': 'text/html'});
        res.end(`<html><title>${HOSTILE.osc52}</title></html>`);
      }
    });
  });
  after(() => tiny.stop());

  test('whoami, tokens list, tokens revoke and the audit they leave', async () => {
    const home = newHome();
    const env = credentialsEnv({url: tiny.url}, TINY_SECRET);
    const runs = await Promise.all([
      runCli(['whoami'], {home, env}),
      runCli(['whoami', '--json'], {home, env}),
      runCli(['tokens', 'list'], {home, env}),
      runCli(['users', 'search', HOSTILE.osc52], {home, env}),
    ]);
    // An ID no Qlik ID looks like is refused before any request; its echo is inert too.
    const refused = await runCli(['tokens', 'revoke', 'T1', HOSTILE.title, '--yes'], {home, env});
    const revoke = await runCli(['tokens', 'revoke', 'T1', '--yes'], {home, env});
    const revokeJson = await runCli(['tokens', 'revoke', 'T2', '--yes', '--json'], {home, env});
    const audit = await runCli(['audit'], {home, env});
    for (const result of [...runs, refused, revoke, revokeJson, audit]) {
      const what = result.argv.slice(2).join(' ').slice(0, 60);
      assertInert(result.stdout, `${what} stdout`);
      assertInert(result.stderr, `${what} stderr`);
      assertNoStack(result.stderr, what);
    }
    assert.equal(runs[0]!.code, 3);
    assert.match(runs[0]!.stderr, /forbidden \(HTTP 403\)/);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /not (a token ID|token IDs)/);
    assert.equal(revoke.code, 1);
    assert.match(revoke.stdout, /T1\s+failed\s+403/);
    assert.equal(revokeJson.code, 1);
    assert.equal(JSON.parse(revokeJson.stdout).outcomes[0].outcome, 'failed');
    // The file an incident report is built from holds no raw control byte either.
    const log = fs.readFileSync(path.join(home, 'audit.jsonl'), 'utf8');
    assertInert(log, 'audit.jsonl');
    assert.equal(audit.code, 0);
  });
});
