// What the client does when the tenant (or the path to it) misbehaves: proxy HTML, resets, stalls,
// lost answers to a DELETE, bodies that are not the contract, and cancellation.
import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {withSimulator, qlikError, busiestUser} from './simulated-tenant.js';
import type {ClientOptions} from '../../source/qlik/types.js';

const fast: ClientOptions = {backoffMs: 5, timeouts: {connect: 1000, headers: 400, body: 400}};
const TOKENS = '/api/v1/oauth-tokens';

describe('retried until success', () => {
  for (const kind of ['html-502', 'html-500', 'empty-500', 'reset', 'reset-mid-body'] as const) {
    test(`${kind} twice on a page, then the page`, async () => {
      await withSimulator({}, async ({sim, client, events}) => {
        const {userId, count} = busiestUser(sim);
        const api = client(fast);
        await api.getAccessToken();
        sim.inject({kind, method: 'GET', path: TOKENS, times: 2});
        assert.equal((await api.listTokens({userId})).length, count);
        assert.equal(sim.stats().faultsInjected, 2);
        const attempts = events
          .filter((e) => e.type === 'request' && e.path.startsWith(TOKENS))
          .map((e) => (e as {attempt: number}).attempt);
        assert.deepEqual(attempts.slice(0, 3), [0, 1, 2]);
      });
    });
  }

  test('slow answers beyond the headers timeout are retried', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const api = client(fast);
      sim.inject({kind: 'slow', method: 'GET', path: '/api/v1/users', times: 1, delayMs: 1500});
      assert.equal((await api.searchUsers('a', {limit: 5})).length > 0, true);
      assert.equal(sim.stats().byRoute['GET /api/v1/users'], 2);
    });
  });

  test('a reset on the token request is retried', async () => {
    await withSimulator({}, async ({sim, client, tokenRequests}) => {
      sim.inject({kind: 'reset', method: 'POST', path: '/oauth/token', times: 1});
      assert.equal((await client(fast).whoami()).id, sim.botUser.id);
      assert.equal(tokenRequests(), 2);
    });
  });
});

describe('gives up with a clear error', () => {
  test('HTML 502 every time: protocol error naming the status and the page, after the retries', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const api = client({...fast, retries: 2});
      await api.getAccessToken();
      sim.inject({kind: 'html-502', method: 'GET', path: TOKENS, times: Infinity});
      await assert.rejects(api.listTokens(), (error: unknown) => {
        qlikError('protocol', /^HTTP 502 from tenant: not JSON \(text\/html\): "502 Bad Gateway"$/)(error);
        assert.equal((error as {status?: number}).status, 502);
        return true;
      });
      assert.equal(sim.stats().byRoute['GET /api/v1/oauth-tokens'], 3);
    });
  });

  test('a stalled tenant is a timeout error within the configured timeouts', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const api = client({...fast, retries: 1});
      await api.getAccessToken();
      sim.inject({kind: 'stall', method: 'GET', times: Infinity});
      await assert.rejects(api.whoami(), qlikError('timeout', /did not answer in time \(0\.4 s\)/));
      assert.equal(sim.stats().byRoute['GET /api/v1/users/me'], 2);
    });
  });

  test('a stalled token request is a timeout, and not repeated', async () => {
    await withSimulator({}, async ({sim, client, tokenRequests}) => {
      sim.inject({kind: 'stall', method: 'POST', path: '/oauth/token', times: Infinity});
      await assert.rejects(client(fast).whoami(), qlikError('timeout'));
      assert.equal(tokenRequests(), 1);
    });
  });

  test('retries: 0 reports the first failure', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const api = client({...fast, retries: 0});
      await api.getAccessToken();
      sim.inject({kind: 'reset', method: 'GET', path: '/api/v1/users/me', times: 1});
      await assert.rejects(api.whoami(), qlikError('network', /connection (reset by|to) 127\.0\.0\.1:\d+/));
    });
  });

  for (const [kind, pattern] of [
    ['empty-200', /^HTTP 200 from tenant: empty body where a token list was expected$/],
    ['bad-json-200', /^HTTP 200 from tenant: not JSON \(application\/json\)/],
    [
      'wrong-shape-200',
      /^HTTP 200 from tenant: unexpected response shape: token list\.data is a string, expected an array$/,
    ],
  ] as const) {
    test(`${kind} is a protocol error, never a parse stack trace`, async () => {
      await withSimulator({}, async ({sim, client}) => {
        const api = client(fast);
        await api.getAccessToken();
        sim.inject({kind, method: 'GET', path: TOKENS, times: 1});
        await assert.rejects(api.listTokens(), (error: unknown) => {
          qlikError('protocol', pattern)(error);
          assert.doesNotMatch((error as Error).message, /SyntaxError|Unexpected token|JSON\.parse/);
          return true;
        });
      });
    });
  }

  test('a token response without access_token is a protocol error', async () => {
    await withSimulator({}, async ({sim, client}) => {
      sim.inject({kind: 'wrong-shape-200', method: 'POST', path: '/oauth/token', times: 1});
      await assert.rejects(client(fast).whoami(), qlikError('protocol', /no access_token/));
    });
  });
});

describe('revocation whose answer is lost', () => {
  test('delete-applied-503: the retry meets 404, so the token is already gone', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const api = client(fast);
      const [token] = sim.tokens();
      sim.inject({kind: 'delete-applied-503', method: 'DELETE', times: 1});
      assert.equal(await api.revokeToken(token!.id), 'already-gone');
      assert.equal(sim.hasToken(token!.id), false);
      assert.equal(sim.stats().byRoute['DELETE /api/v1/oauth-tokens/{id}'], 2);
    });
  });

  test('a reset before the DELETE was applied is retried: revoked', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const api = client(fast);
      const [token] = sim.tokens();
      sim.inject({kind: 'reset', method: 'DELETE', times: 1});
      assert.equal(await api.revokeToken(token!.id), 'revoked');
      assert.equal(sim.hasToken(token!.id), false);
      assert.equal(sim.stats().byRoute['DELETE /api/v1/oauth-tokens/{id}'], 2);
    });
  });

  test('a 204 whose connection dies right after still counts as revoked', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const api = client(fast);
      const [token] = sim.tokens();
      sim.inject({kind: 'reset-mid-body', method: 'DELETE', times: 1});
      assert.equal(await api.revokeToken(token!.id), 'revoked');
      assert.equal(sim.hasToken(token!.id), false);
      assert.equal(sim.stats().byRoute['DELETE /api/v1/oauth-tokens/{id}'], 1);
    });
  });

  test('with retry: false the 503 is reported', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const api = client(fast);
      const [token] = sim.tokens();
      sim.inject({kind: 'delete-applied-503', method: 'DELETE', times: 1});
      await assert.rejects(api.revokeToken(token!.id, {retry: false}), qlikError('protocol', /^HTTP 503 from tenant/));
      assert.equal(sim.stats().byRoute['DELETE /api/v1/oauth-tokens/{id}'], 1);
    });
  });
});

describe('cancellation', () => {
  test('an AbortSignal ends a stalled call as cancelled', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const api = client({timeouts: {headers: 60_000, body: 60_000}});
      await api.getAccessToken();
      sim.inject({kind: 'stall', method: 'GET', times: Infinity});
      const controller = new AbortController();
      const call = api.listTokens({signal: controller.signal});
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(call, qlikError('cancelled'));
    });
  });

  test('aborting between pages stops the listing there', async () => {
    await withSimulator({tokens: 1000}, async ({sim, client}) => {
      const controller = new AbortController();
      const api = client();
      await assert.rejects(
        api.listTokens({
          limit: 50,
          signal: controller.signal,
          onPage: (_page, index) => index === 2 && controller.abort(),
        }),
        qlikError('cancelled'),
      );
      assert.equal(sim.stats().byRoute['GET /api/v1/oauth-tokens'], 3);
    });
  });

  test('an already aborted signal sends nothing', async () => {
    await withSimulator({}, async ({sim, client}) => {
      await assert.rejects(client().whoami({signal: AbortSignal.abort()}), qlikError('cancelled'));
      assert.equal(sim.stats().requests, 0);
    });
  });

  test('a closed client refuses further calls', async () => {
    await withSimulator({}, async ({client}) => {
      const api = client();
      await api.whoami();
      await api.close();
      await assert.rejects(api.whoami(), qlikError('cancelled', /closed/));
    });
  });
});
