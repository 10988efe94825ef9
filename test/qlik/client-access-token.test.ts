// Access-token handling against the simulator: reuse, renewal, expiry mid-run, the token cache,
// and bad credentials.
import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {withSimulator, qlikError, busiestUser} from './simulated-tenant.js';
import {startTinyTenant, sendJson, tinyUser, TINY_SECRET} from './tiny-tenant.js';
import {ASSUMED_LIFETIME_MS} from '../../source/qlik/access-token.js';
import {createQlikClient} from '../../source/qlik/client.js';
import type {AccessToken, TokenCache} from '../../source/qlik/types.js';

function memoryCache(initial?: AccessToken): TokenCache & {stored: AccessToken | undefined; saves: number} {
  const cache = {
    stored: initial,
    saves: 0,
    load: () => cache.stored,
    save: (token: AccessToken | undefined) => {
      cache.saves++;
      cache.stored = token;
    },
  };
  return cache;
}

describe('access token reuse', () => {
  test('ten calls, sequential and concurrent, cost one token request', async () => {
    await withSimulator({}, async ({sim, client, tokenRequests, events}) => {
      const api = client();
      const {userId} = busiestUser(sim);
      await api.whoami();
      await api.listTokens({userId});
      await api.searchUsers('a');
      await api.getUser(userId);
      await Promise.all([
        api.whoami(),
        api.listTokens({userId}),
        api.searchUsers('e'),
        api.getUser(sim.botUser.id),
        api.listUsers({limit: 5}),
        api.whoami(),
      ]);
      assert.equal(tokenRequests(), 1);
      assert.deepEqual(
        events.filter((e) => e.type === 'access-token'),
        [{type: 'access-token', source: 'fetched'}],
      );
    });
  });

  test('concurrent first calls share one token request', async () => {
    await withSimulator({}, async ({client, tokenRequests}) => {
      const api = client();
      await Promise.all(Array.from({length: 10}, () => api.whoami()));
      assert.equal(tokenRequests(), 1);
    });
  });

  test('sends admin_classic by default and the token works for the tenant-wide list', async () => {
    await withSimulator({tokens: 50}, async ({sim, client}) => {
      const api = client();
      assert.equal((await api.getAccessToken()).scope, 'admin_classic');
      assert.equal((await api.listTokens()).length, sim.tokens().length);
    });
  });

  test('a short-lived token (expires_in) is renewed before it runs out', async () => {
    await withSimulator({accessTokenTtlSeconds: 1}, async ({client, tokenRequests}) => {
      // The client's clock, moved by hand: renewal is reckoned from it, whatever the wall clock does.
      let now = Date.now();
      const api = client({now: () => now});
      await api.whoami();
      await api.whoami();
      assert.equal(tokenRequests(), 1);
      now += 899;
      await api.whoami();
      assert.equal(tokenRequests(), 1, 'renewed before the last tenth of its lifetime');
      now += 2;
      await api.whoami();
      assert.equal(tokenRequests(), 2);
    });
  });
});

describe('expires_at only, and no lifetime at all', () => {
  for (const form of ['expires_at', 'none'] as const) {
    test(`${form}: reused, then renewed when the tenant answers 401`, async () => {
      let issued = 0;
      let valid = '';
      const tenant = await startTinyTenant(
        (req, res) => {
          if (req.authorization !== `Bearer ${valid}`)
            return sendJson(res, 401, {errors: [{code: 'HTTP-401', title: 'Unauthorized'}]});
          sendJson(res, 200, tinyUser('BOT'));
        },
        () => {
          valid = `tiny-token-${++issued}-abcdefgh`;
          const body: Record<string, unknown> = {access_token: valid, token_type: 'bearer'};
          if (form === 'expires_at') body.expires_at = new Date(Date.now() + 3_600_000).toISOString();
          return body;
        },
      );
      const api = createQlikClient({tenantUrl: tenant.url, clientId: 'c', clientSecret: TINY_SECRET});
      try {
        const token = await api.getAccessToken();
        const expected = form === 'expires_at' ? 3_600_000 : ASSUMED_LIFETIME_MS;
        assert.ok(Math.abs(token.expiresAt - Date.now() - expected) < 60_000, `expiresAt ${token.expiresAt}`);
        for (let i = 0; i < 5; i++) await api.whoami();
        assert.equal(issued, 1);
        valid = 'revoked-by-the-tenant';
        assert.equal((await api.whoami()).id, 'BOT');
        assert.equal(issued, 2);
      } finally {
        await api.close();
        await tenant.stop();
      }
    });
  }
});

describe('expiry mid-run', () => {
  test('a 401 halfway through a listing costs one new token and one retry', async () => {
    await withSimulator({users: 5, tokens: 500}, async ({sim, client, tokenRequests}) => {
      const api = client();
      const pages: number[] = [];
      const tokens = await api.listTokens({
        limit: 50,
        onPage: (_page, index) => {
          pages.push(index);
          if (index === 3) sim.expireAccessTokens();
        },
      });
      assert.deepEqual(
        tokens.map((t) => t.id),
        sim.tokens().map((t) => t.id),
      );
      assert.equal(tokenRequests(), 2);
      assert.equal(sim.stats().byRoute['GET /api/v1/oauth-tokens'], 10 + 1);
    });
  });

  test('a fresh token that is rejected again is an auth error, not a loop', async () => {
    await withSimulator({}, async ({sim, client, tokenRequests}) => {
      const api = client({
        onEvent: (event) => {
          if (event.type === 'access-token') setImmediate(() => sim.expireAccessTokens());
        },
      });
      await assert.rejects(api.whoami(), qlikError('auth', /freshly issued access token was rejected/));
      assert.equal(tokenRequests(), 2);
    });
  });
});

describe('token cache', () => {
  test('a saved token is loaded by the next client: no token request', async () => {
    await withSimulator({}, async ({client, tokenRequests, events}) => {
      const cache = memoryCache();
      await client({tokenCache: cache}).whoami();
      assert.equal(cache.saves, 1);
      assert.ok(cache.stored && cache.stored.expiresAt > Date.now());
      const second = client({tokenCache: cache});
      await second.whoami();
      await second.whoami();
      assert.equal(tokenRequests(), 1);
      assert.deepEqual(
        events.filter((e) => e.type === 'access-token').map((e) => (e as {source: string}).source),
        ['fetched', 'cache'],
      );
    });
  });

  test('a cached token the tenant rejects is cleared and replaced', async () => {
    await withSimulator({}, async ({sim, client, tokenRequests}) => {
      const cache = memoryCache();
      await client({tokenCache: cache}).whoami();
      const stale = cache.stored!.accessToken;
      sim.expireAccessTokens();
      const saved: Array<string | undefined> = [];
      const watched: TokenCache = {load: cache.load, save: (t) => (saved.push(t?.accessToken), cache.save(t))};
      assert.equal((await client({tokenCache: watched}).whoami()).id, sim.botUser.id);
      assert.equal(saved.length, 2);
      assert.equal(saved[0], undefined);
      assert.ok(saved[1] && saved[1] !== stale);
      assert.equal(tokenRequests(), 2);
    });
  });

  test('an expired cached token is not even tried', async () => {
    await withSimulator({}, async ({client, sim}) => {
      const cache = memoryCache({accessToken: 'expired-cached-token', expiresAt: Date.now() - 1000});
      await client({tokenCache: cache}).whoami();
      assert.equal(sim.stats().byRoute['GET /api/v1/users/me'], 1);
      assert.notEqual(cache.stored?.accessToken, 'expired-cached-token');
    });
  });
});

describe('bad credentials', () => {
  test('a wrong secret is an auth error without the secret anywhere in it', async () => {
    await withSimulator({}, async ({client, tokenRequests}) => {
      const secret = 'definitely-wrong-secret-4711';
      const api = client({clientSecret: secret});
      await assert.rejects(api.listTokens(), (error: unknown) => {
        qlikError('auth', /rejected the client credentials \(HTTP 401\): Invalid client credentials/)(error);
        for (let e: unknown = error; e; e = (e as Error).cause) {
          assert.ok(!String((e as Error).message).includes(secret));
          assert.ok(!String((e as Error).stack).includes(secret));
        }
        assert.ok(!JSON.stringify(error).includes(secret));
        return true;
      });
      // Bad credentials are not retried.
      assert.equal(tokenRequests(), 1);
    });
  });

  test('no event ever carries the secret or the access token', async () => {
    await withSimulator({}, async ({client, events, sim}) => {
      const api = client();
      const token = await api.getAccessToken();
      await api.whoami();
      await api.listTokens({userId: sim.botUser.id});
      const text = JSON.stringify(events);
      assert.ok(!text.includes(sim.clientSecret));
      assert.ok(!text.includes(token.accessToken));
      assert.ok(events.some((e) => e.type === 'request' && e.path === '/oauth/token' && e.tier === 2));
    });
  });
});

describe('a rejected access token', () => {
  test('stays masked in later errors, after a new token replaced it', async () => {
    // The first token is refused (401); the tenant then fails the retry with a body quoting the old
    // token — as a logging proxy might. Neither token may reach the error.
    const first = 'first-access-token-0f1e2d3c4b5a69788796';
    const second = 'second-access-token-a1b2c3d4e5f60718293a';
    let issued = 0;
    const tenant = await startTinyTenant(
      (req, res) => {
        if (req.authorization === `Bearer ${first}`)
          return sendJson(res, 401, {errors: [{code: 'AUTH-1', title: 'expired', status: 401}]});
        sendJson(res, 500, {errors: [{code: 'X-500', title: `upstream refused ${first}; now ${second}`, status: 500}]});
      },
      () => ({access_token: ++issued === 1 ? first : second, token_type: 'bearer', expires_in: 3600}),
    );
    const api = createQlikClient({tenantUrl: tenant.url, clientId: 'c', clientSecret: TINY_SECRET}, {retries: 0});
    try {
      await assert.rejects(api.whoami(), (error: unknown) => {
        assert.equal(issued, 2, 'a new token after the 401');
        for (let e: unknown = error; e instanceof Error; e = e.cause) {
          for (const text of [e.message, e.stack ?? '']) {
            assert.ok(!text.includes(first) && !text.includes(second), text);
          }
        }
        assert.match((error as Error).message, /upstream refused \*\*\*/);
        return true;
      });
    } finally {
      await api.close();
      await tenant.stop();
    }
  });
});

describe('a token response that is not JSON', () => {
  test('is reported without quoting it: it may hold the access token', async () => {
    // RFC 6749 servers behind some proxies answer form-encoded; the token must not reach a message.
    const token = 'opaque-access-token-7f3a9c21e5b84d06';
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, {'content-type': 'application/x-www-form-urlencoded'});
        res.end(`access_token=${token}&token_type=bearer&expires_in=3600`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const api = createQlikClient(
      {
        tenantUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        clientId: 'c',
        clientSecret: TINY_SECRET,
      },
      {retries: 0},
    );
    try {
      await assert.rejects(api.whoami(), (error: unknown) => {
        qlikError(
          'protocol',
          /not JSON \(application\/x-www-form-urlencoded; not quoted\) where an access token was expected/,
        )(error);
        assert.ok(!(error as Error).message.includes(token.slice(0, 12)), (error as Error).message);
        return true;
      });
    } finally {
      await api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
