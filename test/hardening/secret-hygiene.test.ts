// Secret hygiene: with a recognisable client secret, every command (and every way for it to fail)
// leaves the secret nowhere but the config file: not on stdout or stderr, not in the audit log, not
// in a process argument — not whole, not base64-encoded, not its first 8 characters.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {runCli, type CliOptions, type CliResult} from '../commands/cli-harness.js';
import {assertNoStack, cleanupHomes, newHome} from './support.js';

const SECRET = `S3CR3T-${randomBytes(16).toString('hex')}`;
const WRONG = `S3CR3T-wrong-${randomBytes(8).toString('hex')}`;

/** The secret's recognisable forms: whole, base64, base64url, hex, its first 8 characters. */
function forms(secret: string): string[] {
  return [
    secret,
    Buffer.from(secret).toString('base64').slice(0, 20),
    Buffer.from(secret).toString('base64url').slice(0, 20),
    Buffer.from(secret).toString('hex').slice(0, 24),
    secret.slice(0, 8),
    // The random tail alone, in case a message cut the recognisable prefix off.
    secret.slice(-12),
  ];
}

function assertClean(text: string, what: string, secrets: string[] = [SECRET, WRONG]): void {
  for (const secret of secrets) {
    for (const form of forms(secret))
      assert.ok(!text.includes(form), `${what} contains ${JSON.stringify(form)} (a form of the secret)`);
  }
}

/** Runs the CLI, and while it runs reads its argv as `ps` would (Linux /proc). */
async function run(args: string[], options: CliOptions): Promise<CliResult & {cmdline: string}> {
  let cmdline = '';
  const result = await runCli(args, {
    ...options,
    onSpawn: (pid) => {
      try {
        cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        // Not Linux, or already gone: the argv we passed is checked anyway.
      }
    },
  });
  return {...result, cmdline};
}

function checkRun(result: CliResult & {cmdline: string}): void {
  const what = result.argv.slice(2).join(' ');
  assertClean(result.stdout, `stdout of ${what}`);
  assertClean(result.stderr, `stderr of ${what}`);
  assertClean(result.argv.join(' ') + result.cmdline, `argv of ${what}`);
  assertNoStack(result.stderr, what);
}

/** Every file of the tool's home but the config file, and the config file's mode. */
function checkHome(home: string): void {
  for (const name of fs.readdirSync(home)) {
    const file = path.join(home, name);
    if (!fs.statSync(file).isFile()) continue;
    const content = fs.readFileSync(file, 'utf8');
    if (name === 'config.json') {
      if (process.platform !== 'win32')
        assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'the config file that holds the secret is 0600');
      assertClean(content, 'config.json', [WRONG]);
    } else {
      assertClean(content, name);
    }
  }
}

let sim: Simulator;
before(async () => {
  sim = await startSimulator({
    port: 0,
    users: 6,
    tokens: 20,
    seed: 5,
    clientId: 'sim-id',
    clientSecret: SECRET,
    rateLimits: false,
  });
});
after(async () => {
  await sim?.stop();
  cleanupHomes();
});

test('every command on a working profile, human and --json', async () => {
  const home = newHome();
  const results = [];
  results.push(
    await run(['profiles', 'add', 'sim', '--tenant', sim.url, '--client-id', 'sim-id', '--secret-stdin'], {
      home,
      input: SECRET,
    }),
  );
  results.push(
    await run(['profiles', 'add', 'spare', '--tenant', sim.url, '--client-id', 'sim-id', '--secret-stdin', '--json'], {
      home,
      input: `${SECRET}\n`,
    }),
  );
  assert.equal(results[0]!.code, 0, results[0]!.stderr);
  const [a, b, c] = sim.tokens().map((t) => t.id);
  const owner = sim.tokens().find((t) => t.userId !== sim.botUser.id)!.userId;
  const commands = [
    ['profiles', 'list'],
    ['profiles', 'test'],
    ['profiles', 'use', 'sim'],
    ['whoami'],
    ['users', 'search', 'a'],
    ['tokens', 'list'],
    ['tokens', 'list', '--user', owner],
    // Each run twice side by side (human and --json): the second finds the tokens gone.
    ['tokens', 'revoke', a!, '--yes', '--ignore-not-found'],
    ['tokens', 'revoke', b!, c!, '--yes', '--ignore-not-found'],
    ['audit'],
  ];
  // Independent of each other: run side by side (the revocations touch different tokens).
  for (const batch of [commands.slice(0, 7), commands.slice(7)]) {
    results.push(
      ...(await Promise.all(batch.flatMap((args) => [run(args, {home}), run([...args, '--json'], {home})]))),
    );
  }
  results.push(await run(['profiles', 'edit', 'spare', '--secret-stdin'], {home, input: SECRET}));
  results.push(
    await run(['profiles', 'edit', 'spare', '--scope', 'admin_classic', '--secret-stdin', '--json'], {
      home,
      input: SECRET,
    }),
  );
  results.push(await run(['profiles', 'remove', 'spare', '--yes'], {home}));
  results.push(
    ...(await Promise.all(
      [[], ['profiles'], ['tokens'], ['tokens', 'revoke'], ['users'], ['whoami'], ['audit']].map((command) =>
        run([...command, '--help'], {home}),
      ),
    )),
  );
  for (const result of results) {
    assert.ok(result.code === 0, `${result.argv.slice(2).join(' ')} exited ${result.code}: ${result.stderr}`);
    checkRun(result);
  }
  checkHome(home);
  // The access token is a credential too: cached in the config file only, never printed.
  const accessToken = JSON.parse(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).profiles.sim.cachedAccessToken
    .accessToken as string;
  for (const result of results)
    assert.ok(!result.stdout.includes(accessToken) && !result.stderr.includes(accessToken), 'access token printed');
  assert.ok(!fs.readFileSync(path.join(home, 'audit.jsonl'), 'utf8').includes(accessToken));
});

describe('failures', () => {
  // A tenant that echoes what it was sent in its error messages, secrets and bearer tokens included.
  let echo: Server;
  let echoUrl = '';
  before(async () => {
    echo = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const reply = (status: number, detail: string) => {
          res.writeHead(status, {'content-type': 'application/json'});
          res.end(
            JSON.stringify({
              errors: [
                {
                  code: 'ECHO',
                  title: `refused ${detail}`,
                  detail: `you sent ${body} with ${req.headers.authorization ?? ''}`,
                },
              ],
            }),
          );
        };
        if (req.url === '/oauth/token') {
          const sent = JSON.parse(body) as {client_secret?: string};
          if (sent.client_secret !== SECRET) return reply(401, `client_secret=${sent.client_secret}`);
          res.writeHead(200, {'content-type': 'application/json'});
          res.end(
            JSON.stringify({
              access_token: `eyJecho.${randomBytes(8).toString('hex')}.sig`,
              token_type: 'bearer',
              expires_in: 3600,
            }),
          );
          return;
        }
        // Every API call: the access token is not accepted (a 401 mid-run, after a good login).
        reply(401, `bearer ${req.headers.authorization}`);
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  });
  after(async () => {
    echo.closeAllConnections();
    await new Promise((resolve) => echo.close(resolve));
  });

  const env = (tenant: string, secret = SECRET) => ({
    QLIK_TENANT: tenant,
    QLIK_CLIENT_ID: 'sim-id',
    QLIK_CLIENT_SECRET: secret,
  });

  test('a failed login, a 401 mid-run, a 500, an HTML 502, a closed port, a tenant that echoes the secret', async () => {
    const home = newHome();
    const closed = await startSimulator({port: 0, users: 1, tokens: 0});
    const closedUrl = closed.url;
    await closed.stop();
    const cases: Array<{args: string[]; options: CliOptions; code: number}> = [
      // Wrong secret: the simulator answers 401; the echo tenant repeats the wrong secret back.
      {
        args: ['profiles', 'add', 'bad', '--tenant', sim.url, '--client-id', 'sim-id', '--secret-stdin'],
        options: {home, input: WRONG},
        code: 3,
      },
      {args: ['whoami'], options: {home, env: env(sim.url, WRONG)}, code: 3},
      {args: ['whoami', '--json'], options: {home, env: env(echoUrl, WRONG)}, code: 3},
      {
        args: ['profiles', 'add', 'bad', '--tenant', echoUrl, '--client-id', 'sim-id', '--secret-stdin', '--json'],
        options: {home, input: WRONG},
        code: 3,
      },
      // A good login, then every call refused with an echo of the bearer token and the request.
      {args: ['tokens', 'list'], options: {home, env: env(echoUrl)}, code: 3},
      {args: ['tokens', 'revoke', 'T1', '--yes', '--json'], options: {home, env: env(echoUrl)}, code: 3},
      {args: ['profiles', 'test'], options: {home, env: env(echoUrl)}, code: 3},
      // The tenant fails.
      {args: ['tokens', 'list', '--json'], options: {home, env: env(sim.url)}, code: 1},
      {args: ['whoami'], options: {home, env: env(sim.url)}, code: 1},
      {args: ['tokens', 'revoke', 'T9', '--yes'], options: {home, env: env(sim.url)}, code: 1},
      // Nobody listens.
      {args: ['whoami'], options: {home, env: env(closedUrl)}, code: 1},
      {
        args: ['profiles', 'add', 'gone', '--tenant', closedUrl, '--client-id', 'sim-id', '--secret-stdin'],
        options: {home, input: SECRET},
        code: 1,
      },
    ];
    // The faults target different routes, so every case can run at once.
    sim.inject({kind: 'html-500', method: 'GET', path: '/api/v1/oauth-tokens', times: Infinity});
    sim.inject({kind: 'html-502', path: '/api/v1/users/me', times: Infinity});
    sim.inject({kind: 'html-502', method: 'DELETE', times: Infinity});
    try {
      const results = await Promise.all(cases.map((item) => run(item.args, item.options)));
      results.forEach((result, i) => {
        assert.equal(result.code, cases[i]!.code, `${cases[i]!.args.join(' ')}: ${result.stderr}`);
        assert.ok(result.stderr.trim() !== '', 'a failure says something');
        checkRun(result);
      });
    } finally {
      sim.clearFaults();
    }
    checkHome(home);
  });

  test('a corrupt config file holding the secret: the message quotes none of it', async () => {
    const home = newHome();
    const added = await run(
      ['profiles', 'add', 'sim', '--tenant', sim.url, '--client-id', 'sim-id', '--secret-stdin', '--no-test'],
      {home, input: SECRET},
    );
    assert.equal(added.code, 0, added.stderr);
    const file = path.join(home, 'config.json');
    const good = fs.readFileSync(file, 'utf8');
    // Hand edits gone wrong, each breaking the JSON right at the secret.
    const breakages = [
      good.replace(`"${SECRET}"`, SECRET),
      good.replace(`"${SECRET}"`, `"${SECRET}`),
      good.replace(`"${SECRET}"`, `"${SECRET}\u0001"`),
      good.replace(`"${SECRET}"`, `'${SECRET}'`),
      good.slice(0, good.indexOf(SECRET) + 20),
    ];
    for (const broken of breakages) {
      fs.writeFileSync(file, broken, {mode: 0o600});
      for (const args of [
        ['profiles', 'list'],
        ['whoami', '--json'],
        ['tokens', 'list'],
      ]) {
        const result = await run(args, {home});
        assert.equal(result.code, 1, result.stderr);
        assert.match(result.stderr, /not valid JSON/);
        checkRun(result);
      }
    }
  });
});
