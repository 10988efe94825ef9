// Bad tenants, at the command level: HTML error pages, empty 200s, JSON of the wrong shape, cursors
// that loop or never end, a stall longer than the timeout, resets — each a clear message, exit 1, no
// stack trace, in bounded time. (The client-level cases are in test/qlik/client-faults and
// client-edges; these prove the commands turn them into an operator's answer.)
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {startSimulator, type FaultRule, type Simulator} from '../../source/simulator/index.js';
import {runCli} from '../commands/cli-harness.js';
import {startTinyTenant, sendJson, tinyToken, tinyUser, TINY_SECRET, type TinyTenant} from '../qlik/tiny-tenant.js';
import {assertNoStack, cleanupHomes, newHome} from './support.js';

// The client's timeouts for these runs (QLIK_TOKENS_TIMEOUT_MS), and the test timeout that makes a
// hang a failure: four attempts of a stalled GET plus backoff and process start, with a wide
// margin. How fast the answer comes is the benchmarks' business, not an assertion here. 250 ms
// was too tight on a loaded machine (load average 20): a quick answer of the simulator came late,
// and the run said "did not answer in time" instead of what the tenant did wrong.
const TIMEOUT_MS = 1000;
const DEADLINE_MS = 20_000;

let sim: Simulator;
let someUser = '';
before(async () => {
  sim = await startSimulator({port: 0, users: 5, tokens: 30, seed: 9, rateLimits: false});
  someUser = sim.tokens().find((t) => t.userId !== sim.botUser.id)!.userId;
});
after(async () => {
  await sim?.stop();
  cleanupHomes();
});

const deletes = (): number => sim.stats().byRoute['DELETE /api/v1/oauth-tokens/{id}'] ?? 0;

type Case = {name: string; fault: FaultRule; args: () => string[]; message: RegExp; input?: string};

const ALWAYS = Number.POSITIVE_INFINITY;
const CASES: Case[] = [
  {
    name: 'HTML 502 on /users/me',
    fault: {kind: 'html-502', path: '/api/v1/users/me', times: ALWAYS},
    args: () => ['whoami'],
    message: /unexpected answer from 127\.0\.0\.1:\d+ \(HTTP 502\).*not JSON \(text\/html\): "502 Bad Gateway"/,
  },
  {
    name: 'HTML 500 on the token list',
    fault: {kind: 'html-500', method: 'GET', path: '/api/v1/oauth-tokens', times: ALWAYS},
    args: () => ['tokens', 'list', '--json'],
    message: /HTTP 500/,
  },
  {
    name: 'an empty 200 for the token list',
    fault: {kind: 'empty-200', method: 'GET', path: '/api/v1/oauth-tokens', times: ALWAYS},
    args: () => ['tokens', 'list'],
    message: /empty body where a token list was expected/,
  },
  {
    name: 'not JSON in a 200 for users',
    fault: {kind: 'bad-json-200', path: '/api/v1/users', times: ALWAYS},
    args: () => ['users', 'search', 'a', '--json'],
    message: /not JSON .* where a user list was expected/,
  },
  {
    name: 'the wrong shape for a user\u2019s tokens',
    fault: {kind: 'wrong-shape-200', method: 'GET', path: '/api/v1/oauth-tokens', times: ALWAYS},
    args: () => ['tokens', 'list', '--user', someUser],
    message: /unexpected response shape/,
  },
  {
    name: 'an empty 200 for the access token',
    fault: {kind: 'empty-200', path: '/oauth/token', times: ALWAYS},
    args: () => ['profiles', 'test'],
    message: /empty body where an access token was expected/,
  },
  {
    name: 'the wrong shape for the access token',
    fault: {kind: 'wrong-shape-200', path: '/oauth/token', times: ALWAYS},
    args: () => ['whoami', '--json'],
    message: /no access_token|unexpected/,
  },
  {
    name: 'a stall on /users/me',
    fault: {kind: 'stall', path: '/api/v1/users/me', times: ALWAYS},
    args: () => ['whoami'],
    message: /did not answer in time.*(\(1 s\)|within 1 s)/,
  },
  {
    name: 'a stall on the token request',
    fault: {kind: 'stall', path: '/oauth/token', times: ALWAYS},
    args: () => ['tokens', 'list'],
    message: /did not answer in time/,
  },
  {
    name: 'a reset mid-body of the token list',
    fault: {kind: 'reset-mid-body', method: 'GET', path: '/api/v1/oauth-tokens', times: ALWAYS},
    args: () => ['tokens', 'list', '--json'],
    message: /connection (reset by|to) 127\.0\.0\.1:\d+/,
  },
  {
    name: 'resets on users',
    fault: {kind: 'reset', path: '/api/v1/users', times: ALWAYS},
    args: () => ['users', 'search', 'someone'],
    message: /connection reset by 127\.0\.0\.1:\d+/,
  },
  {
    name: 'HTML 502 while adding a profile',
    fault: {kind: 'html-502', path: '/oauth/token', times: ALWAYS},
    args: () => ['profiles', 'add', 'p', '--tenant', sim.url, '--client-id', sim.clientId, '--secret-stdin'],
    input: 'sim-client-secret',
    message: /HTTP 502[\s\S]*not saved/,
  },
  {
    name: 'the listing of --all fails: no DELETE',
    fault: {kind: 'wrong-shape-200', method: 'GET', path: '/api/v1/oauth-tokens', times: ALWAYS},
    args: () => ['tokens', 'revoke', '--user', someUser, '--all', '--yes'],
    message: /unexpected response shape/,
  },
  {
    name: 'a DELETE that stalls',
    fault: {kind: 'stall', method: 'DELETE', times: ALWAYS},
    args: () => ['tokens', 'revoke', sim.tokens()[0]!.id, '--yes'],
    message: /0 revoked · 0 already gone · 1 failed/,
  },
];

describe('the simulator misbehaves', () => {
  for (const item of CASES) {
    test(item.name, {timeout: DEADLINE_MS}, async () => {
      const home = newHome();
      const env = {
        QLIK_TENANT: sim.url,
        QLIK_CLIENT_ID: sim.clientId,
        QLIK_CLIENT_SECRET: sim.clientSecret,
        QLIK_TOKENS_TIMEOUT_MS: String(TIMEOUT_MS),
      };
      const deletesBefore = deletes();
      sim.clearFaults();
      sim.inject(item.fault);
      try {
        const run = await runCli(item.args(), {home, env, ...(item.input === undefined ? {} : {input: item.input})});
        assert.equal(run.code, 1, `${item.name}: exit ${run.code}: ${run.stderr}`);
        assert.match(run.stderr, item.message);
        assertNoStack(run.stderr, item.name);
        if (item.args().includes('--json')) assert.equal(run.stdout, '', 'on an error, --json leaves stdout empty');
        if (item.args()[1] === 'revoke' && item.fault.method !== 'DELETE')
          assert.equal(deletes(), deletesBefore, 'nothing was revoked');
      } finally {
        sim.clearFaults();
      }
    });
  }
});

describe('cursors that loop, wander or never end', () => {
  let tiny: TinyTenant;
  let page = 0;
  before(async () => {
    tiny = await startTinyTenant((req, res, self) => {
      const url = new URL(req.url, self.url);
      const user = /^\/api\/v1\/users\/([^/?]+)$/.exec(url.pathname);
      if (user) return sendJson(res, 200, tinyUser(user[1]!));
      const mode = url.searchParams.get('userId');
      if (mode === 'LOOP') return sendJson(res, 200, {data: [tinyToken('t1')], links: {next: {href: req.url}}});
      if (mode === 'AWAY')
        return sendJson(res, 200, {
          data: [tinyToken('t1')],
          links: {next: {href: `https://elsewhere.example.com${req.url}`}},
        });
      if (mode === 'BOGUS')
        return sendJson(res, 200, {data: [tinyToken('t1')], links: {next: {href: 'http://[not a url'}}});
      // Forever: a new next link on every page (the client stops at its 10,000-page limit).
      page++;
      sendJson(res, 200, {
        data: [tinyToken(`t${page}`)],
        links: {next: {href: `/api/v1/oauth-tokens?userId=U1&limit=100&page=${page}`}},
      });
    });
  });
  after(() => tiny.stop());

  for (const [name, user, message] of [
    ['a next link to itself', 'LOOP', /next-page link points back to a page already read \(page 2\)/],
    [
      'a next link to another host',
      'AWAY',
      /next-page link points to another origin \(https:\/\/elsewhere\.example\.com\)/,
    ],
    ['a next link that is not a URL', 'BOGUS', /next-page link from the tenant is not a URL/],
    ['pages that never end', 'U1', /kept returning next pages \(more than 10000\); stopped/],
  ] as const) {
    test(name, {timeout: DEADLINE_MS}, async () => {
      // The "user ID" picks how the tiny tenant's cursor misbehaves.
      const run = await runCli(['tokens', 'list', '--json', '--user', user], {
        home: newHome(),
        env: {
          QLIK_TENANT: tiny.url,
          QLIK_CLIENT_ID: 'c',
          QLIK_CLIENT_SECRET: TINY_SECRET,
          QLIK_TOKENS_TIMEOUT_MS: String(TIMEOUT_MS),
        },
      });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
      assertNoStack(run.stderr, name);
    });
  }
});
