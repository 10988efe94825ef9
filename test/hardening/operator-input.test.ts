// Bad operator input: tenant URLs in every odd form, unicode profile names, pasted IDs with
// whitespace and invisible characters, search strings that look like SCIM, ctrl-c at every wait.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {runCli} from '../commands/cli-harness.js';
import {spawnInPty, spawnProgramInPty} from '../support/pty.js';
import {CLI_ARGS} from '../commands/cli-harness.js';
import {assertInert, assertNoStack, cleanupHomes, newHome} from './support.js';

const SECRET = 'S3CR3T-operator-input-0123456789';
let sim: Simulator;
before(async () => {
  sim = await startSimulator({
    port: 0,
    users: 8,
    tokens: 40,
    seed: 12,
    clientId: 'op-id',
    clientSecret: SECRET,
    rateLimits: false,
  });
});
after(async () => {
  await sim?.stop();
  cleanupHomes();
});

const env = () => ({QLIK_TENANT: sim.url, QLIK_CLIENT_ID: sim.clientId, QLIK_CLIENT_SECRET: SECRET});
const deletes = (): number => sim.stats().byRoute['DELETE /api/v1/oauth-tokens/{id}'] ?? 0;
const addProfile = (home: string, name: string, tenant: string) =>
  runCli(['profiles', 'add', name, '--tenant', tenant, '--client-id', 'op-id', '--secret-stdin', '--no-test'], {
    home,
    input: SECRET,
  });

describe('tenant URLs as operators paste them', () => {
  const accepted: Array<[string, string]> = [
    ['acme.eu.qlikcloud.com', 'https://acme.eu.qlikcloud.com'],
    ['  https://acme.eu.qlikcloud.com/  ', 'https://acme.eu.qlikcloud.com'],
    ['https://acme.eu.qlikcloud.com/console/#/home?x=1', 'https://acme.eu.qlikcloud.com'],
    ['HTTPS://ACME.EU.QlikCloud.COM:443/hub', 'https://acme.eu.qlikcloud.com'],
    ['https://acme.eu.qlikcloud.com.', 'https://acme.eu.qlikcloud.com.'],
    ['https://analytics.example.co.uk:8443/sense', 'https://analytics.example.co.uk:8443'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
    ['https://acme.eu.qlikcloud.com/\n', 'https://acme.eu.qlikcloud.com'],
    ['http://localhost:4848/', 'http://localhost:4848'],
    ['http://127.9.9.9:1234', 'http://127.9.9.9:1234'],
    ['http://[::1]:8080/x', 'http://[::1]:8080'],
    ['https://[2001:db8::1]', 'https://[2001:db8::1]'],
  ];
  const refused: Array<[string, RegExp]> = [
    ['', /needs --tenant|tenant URL is empty/],
    ['   ', /tenant URL is empty/],
    ['ftp://acme.eu.qlikcloud.com', /must use https:\/\/ \(got ftp:\/\/\)/],
    ['javascript:alert(1)', /does not look like a tenant host|not a valid URL/],
    ['file:///etc/passwd', /must use https:\/\/ \(got file:\/\/\)/],
    ['https://admin:hunter2@acme.eu.qlikcloud.com', /must not contain a user name or password/],
    ['https://acme eu.qlikcloud.com', /spaces or control characters/],
    ['https://acme.eu.qlikcloud.com\u001b]0;x\u0007', /spaces or control characters/],
    ['https://', /not a valid URL|no host/],
    ['https://intranet', /does not look like a tenant host/],
    ['http://acme.eu.qlikcloud.com', /must use https:\/\//],
    ['http://0.0.0.0:80', /must use https:\/\//],
    ['https://acme.eu.qlikcloud.com:99999', /not a valid URL/],
    ['https://acme.eu.qlik cloud.com', /spaces or control characters/],
  ];

  test(`${accepted.length} accepted forms are stored as the origin`, async () => {
    const home = newHome();
    const runs = await Promise.all(accepted.map(([url], i) => addProfile(home, `p${i}`, url)));
    runs.forEach((run, i) => assert.equal(run.code, 0, `${JSON.stringify(accepted[i]![0])}: ${run.stderr}`));
    const profiles = JSON.parse((await runCli(['profiles', 'list', '--json'], {home})).stdout) as Array<{
      name: string;
      tenantUrl: string;
    }>;
    for (const [i, [input, origin]] of accepted.entries())
      assert.equal(profiles.find((p) => p.name === `p${i}`)?.tenantUrl, origin, JSON.stringify(input));
  });

  test(`${refused.length} refused forms: exit 2, a clear reason, nothing saved, no password echoed`, async () => {
    const home = newHome();
    const runs = await Promise.all(refused.map(([url]) => addProfile(home, 'x', url)));
    runs.forEach((run, i) => {
      const [input, reason] = refused[i]!;
      assert.equal(run.code, 2, `${JSON.stringify(input)}: ${run.stderr}`);
      assert.match(run.stderr, reason, JSON.stringify(input));
      assert.ok(!run.stderr.includes('hunter2'));
      assertInert(run.stderr, JSON.stringify(input));
      assertNoStack(run.stderr, JSON.stringify(input));
    });
    assert.equal(fs.existsSync(path.join(home, 'config.json')), false);
  });
});

describe('profile names', () => {
  // Decision: ASCII letters, digits, ".", "_", "-", at most 64, starting with a letter or digit.
  // A name is typed on command lines and read in lists: "prоd" with a Cyrillic о would pass for
  // "prod", and bidi or zero-width characters can make two names look the same.
  const names = [
    'prød',
    'профиль',
    'prоd',
    'prod\u202e',
    'pro\u200bd',
    'prod😀',
    'a b',
    '../etc',
    '.hidden',
    '_x',
    'x'.repeat(65),
    'prod\u001b[31m',
    'née',
  ];

  test(`${names.length} non-ASCII or odd names are refused clearly; the messages are inert`, async () => {
    const home = newHome();
    const runs = await Promise.all(names.map((name) => addProfile(home, name, sim.url)));
    runs.forEach((run, i) => {
      assert.equal(run.code, 2, `${JSON.stringify(names[i])}: ${run.stderr}`);
      assert.match(run.stderr, /is not a valid profile name: use letters, digits, "\.", "_" and "-"/);
      assertInert(run.stderr, JSON.stringify(names[i]));
    });
    assert.equal(fs.existsSync(path.join(home, 'config.json')), false);
    const ok = await addProfile(home, 'Prod-2.eu_1', sim.url);
    assert.equal(ok.code, 0, ok.stderr);
    // Unknown names typed elsewhere come back inert too.
    for (const args of [
      ['--profile', 'prød\u001b]0;t\u0007', 'whoami'],
      ['profiles', 'use', 'x\u009b31m\u202e'],
      ['profiles', 'frob\u001b[2J'],
    ]) {
      const run = await runCli(args, {home});
      assert.equal(run.code, 2, run.stderr);
      assertInert(run.stderr, args.join(' '));
    }
    // The same name given to the terminal UI, which reports it before Ink starts.
    const tui = spawnInPty(['--profile', 'prød\u001b]0;t\u0007'], {home});
    assert.equal(await tui.exit, 2, tui.output());
    assert.match(tui.output(), /no profile named "prød\\x1b\]0;t\\x07"/);
    assertInert(tui.output().replace(/\r\n/g, '\n'), 'the TUI with --profile');
  });
});

describe('pasted IDs and search strings', () => {
  test('token IDs with spaces, newlines, commas and zero-width characters are the tokens meant', async () => {
    const home = newHome();
    const [a, b, c, d] = sim.tokens().map((t) => t.id);
    const run = await runCli(
      ['tokens', 'revoke', `  ${a}\n`, `${b},${c}`, `\u200b${d}\ufeff\u2060`, '--yes', '--json'],
      {home, env: env()},
    );
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as {outcomes: Array<{tokenId: string; outcome: string}>};
    assert.deepEqual(
      doc.outcomes.map((o) => [o.tokenId, o.outcome]),
      [a, b, c, d].map((id) => [id, 'revoked']),
      'revoked, not "already gone"',
    );
    for (const id of [a, b, c, d]) assert.equal(sim.hasToken(id!), false);
  });

  test('--user " ID\\n" and a zero-width character around it find the user', async () => {
    const home = newHome();
    const owner = sim.tokens().find((t) => t.userId !== sim.botUser.id)!.userId;
    const theirs = sim
      .tokens()
      .filter((t) => t.userId === owner)
      .map((t) => t.id)
      .sort();
    for (const spec of [` ${owner} `, `${owner}\n`, `\u200b${owner}`]) {
      const run = await runCli(['tokens', 'list', '--user', spec, '--json'], {home, env: env()});
      assert.equal(run.code, 0, `${JSON.stringify(spec)}: ${run.stderr}`);
      assert.deepEqual((JSON.parse(run.stdout) as Array<{id: string}>).map((t) => t.id).sort(), theirs);
    }
    const search = await runCli(['users', 'search', `\u200b${owner}\n`, '--json'], {home, env: env()});
    assert.equal(search.code, 0, search.stderr);
    assert.deepEqual(
      (JSON.parse(search.stdout) as Array<{id: string}>).map((u) => u.id),
      [owner],
      'a pasted ID finds its user in a search too',
    );
    const revoke = await runCli(['tokens', 'revoke', '--user', `  ${owner}\n`, '--all', '--yes', '--json'], {
      home,
      env: env(),
    });
    assert.equal(revoke.code, 0, revoke.stderr);
    assert.equal((JSON.parse(revoke.stdout) as {counts: {revoked: number}}).counts.revoked, theirs.length);
  });

  test('a search string with quotes and SCIM operators stays a string', async () => {
    const home = newHome();
    const literal = sim.addUser({name: 'Quote a" or name co "x', email: 'quote@example.com'});
    const queries = [
      'a" or name co "',
      '" or id pr or "',
      'x") or (name co "',
      '\\',
      '*',
      'a\\" or "1"="1',
      "' or 1=1 --",
      'name co "e"',
    ];
    for (const query of queries) {
      const run = await runCli(['users', 'search', query, '--limit', '100', '--json'], {home, env: env()});
      assert.equal(run.code, 0, `${query}: ${run.stderr}`);
      const users = JSON.parse(run.stdout) as Array<{id: string; name: string; email?: string; subject: string}>;
      const q = query.toLowerCase();
      for (const user of users) {
        const matches =
          [user.name, user.email ?? '', user.subject].some((field) => field.toLowerCase().includes(q)) ||
          user.id === query;
        assert.ok(matches, `${JSON.stringify(query)} returned ${JSON.stringify(user.name)}, which does not contain it`);
      }
      if (query === 'a" or name co "')
        assert.deepEqual(
          users.map((u) => u.id),
          [literal.id],
          'exactly the user whose name contains it',
        );
    }
    assert.ok(sim.users().length > 5, 'a filter that leaked would have returned them all');
  });
});

describe(
  'ctrl-c at every wait: exit 2, no stack trace, the terminal left sane',
  {skip: process.platform === 'win32'},
  () => {
    /** Runs the CLI under sh in a pty, then `stty -a`: the modes the CLI left the terminal in. */
    function underShell(home: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
      const quoted = [process.execPath, ...CLI_ARGS, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      return spawnProgramInPty('/bin/sh', ['-c', `${quoted}; echo "exit=$?"; stty -a`], {
        home,
        env: extraEnv,
        cols: 120,
      });
    }
    const sane = (screen: string): void => {
      const modes = screen.slice(screen.indexOf('exit='));
      assert.match(modes, /(^|\s)icanon(\s|;|$)/m, `canonical mode is back: ${JSON.stringify(modes)}`);
      assert.match(modes, /(^|\s)echo(\s|;|$)/m, `echo is back: ${JSON.stringify(modes)}`);
    };

    test('the masked prompt of profiles edit --new-secret', async () => {
      const home = newHome();
      assert.equal((await addProfile(home, 'sim', sim.url)).code, 0);
      const before = fs.readFileSync(path.join(home, 'config.json'), 'utf8');
      const t = underShell(home, ['profiles', 'edit', 'sim', '--new-secret']);
      await t.waitFor(/New client secret for op-id: /);
      t.write('half-typed\u0003');
      await t.exit;
      assert.match(t.output(), /exit=2/);
      assertNoStack(t.output(), 'edit');
      sane(t.output());
      assert.equal(fs.readFileSync(path.join(home, 'config.json'), 'utf8'), before);
    });

    for (const [name, args, prompt] of [
      [
        'the y/N confirmation of tokens revoke ID',
        () => ['tokens', 'revoke', sim.tokens()[0]!.id],
        /Revoke it\? \[y\/N\]/,
      ],
      [
        'the type-the-number confirmation of --all',
        () => ['tokens', 'revoke', '--user', sim.tokens().find((x) => x.userId !== sim.botUser.id)!.userId, '--all'],
        /Type \d+ to revoke them all/,
      ],
      ['the confirmation of profiles remove', () => ['profiles', 'remove', 'sim'], /Remove profile "sim".*\[y\/N\]/],
    ] as const) {
      test(name, async () => {
        const home = newHome();
        const added = await addProfile(home, 'sim', sim.url);
        assert.equal(added.code, 0, added.stderr);
        const before = deletes();
        const t = underShell(home, args());
        await t.waitFor(prompt);
        t.write('\u0003');
        await t.exit;
        assert.match(t.output(), /exit=2/);
        assertNoStack(t.output(), name);
        sane(t.output());
        assert.equal(deletes(), before, 'nothing revoked');
        assert.equal(
          JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).profiles.sim !== undefined,
          true,
        );
      });
    }

    test('while waiting on a stalled tenant', async () => {
      const home = newHome();
      sim.inject({kind: 'stall', path: '/api/v1/users/me', times: 1});
      try {
        const t = spawnInPty(['whoami'], {home, env: env()});
        // The stall holds the request: wait until the tenant has it, then interrupt.
        const deadline = Date.now() + 10_000;
        while ((sim.stats().byRoute['GET /api/v1/users/me'] ?? 0) === 0) {
          assert.ok(Date.now() < deadline, `the request never arrived: ${t.output()}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        t.write('\u0003');
        const code = await t.exit;
        assert.equal(code, 2, t.output());
        assertNoStack(t.output(), 'whoami');
      } finally {
        sim.clearFaults();
      }
    });
  },
);
