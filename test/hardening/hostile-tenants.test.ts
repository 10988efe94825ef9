// Tenants that try to exhaust, hang or mislead the tool (issue 11): endless and oversized bodies,
// trickled bodies and endless 103 Early Hints, a user filter ignored, the secret and the access
// token quoted back where an excerpt is cut, answers that break off or are malformed. Each over
// real HTTP, against the simulator's faults or a few-line server on 127.0.0.1.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {createQlikClient} from '../../source/qlik/client.js';
import {QlikError} from '../../source/qlik/errors.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {runCli, type CliResult} from '../commands/cli-harness.js';
import {assertNoStack, cleanupHomes, newHome} from './support.js';

const ALWAYS = Number.POSITIVE_INFINITY;
const MB = 1024 * 1024;

after(cleanupHomes);

/** The highest RSS seen while `run` runs, sampled every 10 ms, less the RSS before it. */
async function rssGrowth(run: () => Promise<unknown>): Promise<number> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    await run();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage.rss()) - before;
}

describe('bodies are bounded: an endless answer is a clear error, and memory stays flat', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({port: 0, users: 3, tokens: 10, seed: 41, rateLimits: false});
  });
  after(() => sim.stop());
  const client = () => createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret});

  // Each fault stops after 256 MB, so that a client without a bound ends too (with its memory
  // grown by at least that much) instead of hanging the suite.
  const cases = [
    {
      what: 'the access token (1 MB at most)',
      path: '/oauth/token',
      limit: 1,
      call: (c: ReturnType<typeof client>) => c.getAccessToken(),
    },
    {
      what: 'a user (1 MB at most)',
      path: '/api/v1/users/me',
      limit: 1,
      call: (c: ReturnType<typeof client>) => c.whoami(),
    },
    {
      what: 'a token list page (32 MB at most)',
      path: '/api/v1/oauth-tokens',
      limit: 32,
      call: (c: ReturnType<typeof client>) => c.listTokens(),
    },
  ];
  for (const item of cases) {
    test(`an endless 200 for ${item.what}`, async () => {
      sim.clearFaults();
      sim.inject({kind: 'endless-body', path: item.path, bytes: 256 * MB, times: ALWAYS});
      const c = client();
      try {
        let error: unknown;
        const growth = await rssGrowth(() => item.call(c).catch((e: unknown) => (error = e)));
        assert.ok(error instanceof QlikError, `rejected with a QlikError, not ${String(error)}`);
        assert.equal(error.kind, 'protocol');
        assert.match(error.message, /the tenant's answer was too large/);
        assert.match(error.message, new RegExp(`more than ${item.limit} MB`));
        // The bound plus room for the garbage collector's pace, far below the 256 MB sent.
        assert.ok(growth < (item.limit + 64) * MB, `RSS grew by ${Math.round(growth / MB)} MB`);
      } finally {
        sim.clearFaults();
        await c.close();
      }
    });
  }

  test('a command says "too large", exit 1, and never "cannot reach"', async () => {
    sim.inject({kind: 'endless-body', path: '/api/v1/users/me', bytes: 256 * MB, times: ALWAYS});
    try {
      const run = await runCli(['whoami'], {
        home: newHome(),
        env: {QLIK_TENANT: sim.url, QLIK_CLIENT_ID: sim.clientId, QLIK_CLIENT_SECRET: sim.clientSecret},
        timeoutMs: 30_000,
      });
      assert.equal(run.code, 1, run.stderr);
      assert.match(
        run.stderr,
        /unexpected answer from 127\.0\.0\.1:\d+ \(HTTP 200\).*the tenant's answer was too large/,
      );
      assert.doesNotMatch(run.stderr, /cannot reach/);
      assertNoStack(run.stderr, 'whoami');
    } finally {
      sim.clearFaults();
    }
  });
});

describe('every request has a total deadline: trickled bodies and endless 103s end as timeouts', () => {
  let sim: Simulator;
  let someToken = '';
  before(async () => {
    sim = await startSimulator({port: 0, users: 3, tokens: 10, seed: 42, rateLimits: false});
    someToken = sim.tokens()[0]!.id;
  });
  after(() => sim.stop());

  // The idle timers stay at their 30 s defaults: a byte every 100 ms, or a 103 every 100 ms, never
  // trips them. Only the total deadline (1 s here, 30 s by default) can end these requests.
  const cases = [
    {
      name: 'tokens list, the token list trickled a byte every 100 ms',
      fault: {kind: 'trickle', method: 'GET', path: '/api/v1/oauth-tokens', delayMs: 100, times: ALWAYS} as const,
      args: () => ['tokens', 'list'],
    },
    {
      name: 'whoami, 103 Early Hints every 100 ms on /users/me',
      fault: {kind: 'early-hints', path: '/api/v1/users/me', delayMs: 100, times: ALWAYS} as const,
      args: () => ['whoami'],
    },
    {
      name: 'tokens revoke ID --yes, 103 Early Hints every 100 ms on the DELETE',
      fault: {
        kind: 'early-hints',
        method: 'DELETE',
        path: '/api/v1/oauth-tokens',
        delayMs: 100,
        times: ALWAYS,
      } as const,
      args: () => ['tokens', 'revoke', someToken, '--yes'],
    },
  ];
  test('each ends in a few seconds with the usual timeout message, after the usual retries', async () => {
    for (const item of cases) sim.inject(item.fault);
    try {
      const runs: CliResult[] = await Promise.all(
        cases.map((item) =>
          runCli(item.args(), {
            home: newHome(),
            env: {
              QLIK_TENANT: sim.url,
              QLIK_CLIENT_ID: sim.clientId,
              QLIK_CLIENT_SECRET: sim.clientSecret,
              QLIK_TOKENS_REQUEST_TIMEOUT: '1',
            },
            // Four attempts of 1 s and their backoff; without a deadline these never end.
            timeoutMs: 40_000,
          }),
        ),
      );
      runs.forEach((run, i) => {
        const {name} = cases[i]!;
        assert.ok(!run.timedOut, `${name}: still running after 40 s`);
        assert.equal(run.code, 1, `${name}: exit ${run.code}: ${run.stderr}`);
        assert.match(run.stdout + run.stderr, /no complete answer within 1 s/, name);
        assertNoStack(run.stderr, name);
      });
      assert.match(runs[0]!.stderr, /did not answer in time/);
      assert.match(runs[2]!.stdout, new RegExp(`${someToken}\\s+failed`), 'the DELETE is reported failed');
      assert.equal(sim.hasToken(someToken), true, 'an early-hinted DELETE never reached the route');
    } finally {
      sim.clearFaults();
    }
  });
});

describe('a tenant that ignores the user filter cannot make --user U --all revoke other users\u2019 tokens', () => {
  test('only U\u2019s tokens are revoked; the run says the tenant returned others, exit 1', async () => {
    const sim = await startSimulator({port: 0, users: 5, tokens: 50, seed: 43, rateLimits: false});
    try {
      const victim = sim.tokens().find((t) => t.userId !== sim.botUser.id)!.userId;
      const theirs = sim.tokens().filter((t) => t.userId === victim);
      const others = sim.tokens().filter((t) => t.userId !== victim);
      sim.inject({kind: 'filter-ignored', method: 'GET', path: '/api/v1/oauth-tokens', times: ALWAYS});
      const run = await runCli(['tokens', 'revoke', '--user', victim, '--all', '--yes', '--json'], {
        home: newHome(),
        env: {QLIK_TENANT: sim.url, QLIK_CLIENT_ID: sim.clientId, QLIK_CLIENT_SECRET: sim.clientSecret},
      });
      assert.equal(run.code, 1, run.stderr);
      const doc = JSON.parse(run.stdout) as {
        counts: {revoked: number};
        foreign: Array<{tokenId: string; userId: string}>;
        reasons: string[];
      };
      assert.equal(doc.counts.revoked, theirs.length);
      assert.equal(doc.foreign.length, others.length);
      assert.match(run.stderr, new RegExp(`the tenant returned ${others.length} tokens of other users`));
      for (const token of others) assert.equal(sim.hasToken(token.id), true, `${token.id} of ${token.userId} revoked`);
      for (const token of theirs) assert.equal(sim.hasToken(token.id), false);
    } finally {
      await sim.stop();
    }
  });
});

describe('a tenant that quotes the secret or the access token where an excerpt is cut', () => {
  const SECRET = `S3CR3T-${randomBytes(16).toString('hex')}`;
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({port: 0, users: 3, tokens: 10, seed: 44, clientSecret: SECRET, rateLimits: false});
  });
  after(() => sim.stop());

  /** Every 8-character piece of `secret` that `text` contains. */
  const pieces = (text: string, secret: string): string[] => {
    const found: string[] = [];
    for (let i = 0; i + 8 <= secret.length; i++)
      if (text.includes(secret.slice(i, i + 8))) found.push(secret.slice(i, i + 8));
    return found;
  };

  // Padding that puts the quoted credential across the cut: JSON details are cut at 240
  // characters, other bodies at 120. Cut first and redacted after, 20-30 characters showed.
  const cases = [
    {
      name: 'the token endpoint quotes the secret (JSON)',
      fault: {kind: 'echo-secret', path: '/oauth/token', padding: 200} as const,
      args: ['whoami'],
      code: 3,
    },
    {
      name: 'the token endpoint quotes the secret (text)',
      fault: {kind: 'echo-secret-text', path: '/oauth/token', padding: 80} as const,
      args: ['whoami', '--json'],
      code: 3,
    },
    {
      name: 'the API quotes the bearer token (JSON)',
      fault: {kind: 'echo-secret', path: '/api/v1/users/me', padding: 200} as const,
      args: ['whoami'],
      code: 1,
    },
    {
      name: 'the DELETE quotes the bearer token (text), in --json',
      fault: {kind: 'echo-secret-text', method: 'DELETE', path: '/api/v1/oauth-tokens', padding: 80} as const,
      args: ['tokens', 'revoke', 'T0', '--yes', '--json'],
      code: 1,
    },
  ];
  for (const item of cases) {
    test(`${item.name}: no 8-character piece of it is shown`, async () => {
      const home = newHome();
      sim.clearFaults();
      sim.inject({...item.fault, times: ALWAYS});
      try {
        const run = await runCli(item.args, {
          home,
          env: {QLIK_TENANT: sim.url, QLIK_CLIENT_ID: sim.clientId, QLIK_CLIENT_SECRET: SECRET},
        });
        assert.equal(run.code, item.code, run.stderr);
        const shown =
          run.stdout +
          run.stderr +
          (fs.existsSync(path.join(home, 'audit.jsonl'))
            ? fs.readFileSync(path.join(home, 'audit.jsonl'), 'utf8')
            : '');
        assert.deepEqual(pieces(shown, SECRET), [], `pieces of the secret in ${shown}`);
        // The access tokens this run held are in its cache (config.json): none of them is shown either.
        const config = fs.existsSync(path.join(home, 'config.json'))
          ? fs.readFileSync(path.join(home, 'config.json'), 'utf8')
          : '';
        for (const match of config.matchAll(/"accessToken":\s*"([^"]+)"/g))
          assert.deepEqual(pieces(shown, match[1]!), [], 'pieces of the access token');
        assert.match(shown, /\*\*\*/, 'the quote was masked, not dropped');
        assertNoStack(run.stderr, item.name);
      } finally {
        sim.clearFaults();
      }
    });
  }
});

describe('an answer that breaks off or is malformed is not "cannot reach"', () => {
  let server: net.Server;
  let url = '';
  let mode: 'short' | 'bad-chunk' = 'short';
  before(async () => {
    // Raw sockets: node:http would not send a wrong content-length or a broken chunk.
    server = net.createServer((socket) => {
      let buffered = '';
      socket.on('data', (data) => {
        buffered += data.toString('latin1');
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const requestPath = buffered.split(' ')[1];
        buffered = '';
        if (requestPath === '/oauth/token') {
          const body = JSON.stringify({access_token: 'broken-tenant-token', token_type: 'bearer', expires_in: 3600});
          socket.write(
            `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
          );
        } else if (mode === 'short') {
          socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"data":[');
        } else {
          socket.write(
            'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n',
          );
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  for (const [name, which, message] of [
    [
      'a body shorter than its content-length',
      'short',
      /the connection to 127\.0\.0\.1:\d+ failed: .*closed before the response was complete/,
    ],
    [
      'a malformed chunked body',
      'bad-chunk',
      /unexpected answer from .*sent a malformed HTTP response \(Invalid character in chunk size\)/,
    ],
  ] as const) {
    test(name, async () => {
      mode = which;
      const run = await runCli(['tokens', 'list'], {
        home: newHome(),
        env: {QLIK_TENANT: url, QLIK_CLIENT_ID: 'c', QLIK_CLIENT_SECRET: 'broken-tenant-secret'},
        timeoutMs: 30_000,
      });
      assert.equal(run.code, 1, run.stderr);
      assert.doesNotMatch(run.stderr, /cannot reach/);
      assert.match(run.stderr, message);
      assertNoStack(run.stderr, name);
    });
  }
});
