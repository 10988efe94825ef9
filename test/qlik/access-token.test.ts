import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {
  AccessTokenSource,
  parseTokenResponse,
  tokenRequestBody,
  ASSUMED_LIFETIME_MS,
} from '../../source/qlik/access-token.js';
import {QlikError} from '../../source/qlik/errors.js';
import type {AccessToken, ClientEvent} from '../../source/qlik/types.js';

describe('tokenRequestBody', () => {
  test('client credentials with admin_classic by default', () => {
    assert.deepEqual(JSON.parse(tokenRequestBody({tenantUrl: 'x', clientId: 'id', clientSecret: 's'})), {
      client_id: 'id',
      client_secret: 's',
      grant_type: 'client_credentials',
      scope: 'admin_classic',
    });
    assert.equal(
      JSON.parse(tokenRequestBody({tenantUrl: 'x', clientId: 'id', clientSecret: 's', scope: 'user_default'})).scope,
      'user_default',
    );
  });
});

describe('parseTokenResponse', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  test('expires_in', () => {
    assert.deepEqual(
      parseTokenResponse({access_token: 'a', token_type: 'bearer', expires_in: 21600, scope: 'admin_classic'}, now),
      {
        accessToken: 'a',
        expiresAt: now + 21_600_000,
        scope: 'admin_classic',
      },
    );
  });
  test('expires_at only', () => {
    assert.equal(
      parseTokenResponse({access_token: 'a', expires_at: '2026-01-01T06:00:00.000Z'}, now).expiresAt,
      now + 21_600_000,
    );
  });
  test('expires_in wins over a skewed expires_at', () => {
    assert.equal(
      parseTokenResponse({access_token: 'a', expires_in: 60, expires_at: '2030-01-01T00:00:00Z'}, now).expiresAt,
      now + 60_000,
    );
  });
  test('neither: a short assumed life', () => {
    assert.equal(
      parseTokenResponse({access_token: 'a', token_type: 'Bearer'}, now).expiresAt,
      now + ASSUMED_LIFETIME_MS,
    );
  });
  test('no access_token is a protocol error', () => {
    for (const body of [{}, null, 'x', {access_token: ''}, {access_token: 5}]) {
      assert.throws(
        () => parseTokenResponse(body, now),
        (error: unknown) => error instanceof QlikError && error.kind === 'protocol',
      );
    }
  });
});

function tokenSource(options: {lifetimeMs?: number; cache?: {stored?: AccessToken}; now?: () => number} = {}) {
  let fetches = 0;
  const events: ClientEvent[] = [];
  const saved: Array<AccessToken | undefined> = [];
  const now = options.now ?? Date.now;
  const source = new AccessTokenSource({
    binding: {tenantUrl: 'https://t.example.com', clientId: 'c'},
    now,
    fetch: async () => {
      fetches++;
      // Answered in a later turn of the event loop, as a request is: callers meanwhile share it.
      await new Promise((resolve) => setImmediate(resolve));
      return {accessToken: `token-${fetches}`, expiresAt: now() + (options.lifetimeMs ?? 3_600_000)};
    },
    onEvent: (event) => events.push(event),
    ...(options.cache
      ? {
          cache: {
            load: () => options.cache!.stored,
            save: (token: AccessToken | undefined) => {
              saved.push(token);
              options.cache!.stored = token;
            },
          },
        }
      : {}),
  });
  return {source, events, saved, fetches: () => fetches};
}

describe('AccessTokenSource', () => {
  test('concurrent callers share one request, later callers reuse it', async () => {
    const {source, fetches} = tokenSource();
    const tokens = await Promise.all(Array.from({length: 10}, () => source.get()));
    assert.deepEqual(new Set(tokens.map((t) => t.accessToken)), new Set(['token-1']));
    await source.get();
    assert.equal(fetches(), 1);
  });

  test('renews within 60 s of expiry', async () => {
    let now = 1_000_000;
    const {source, fetches} = tokenSource({now: () => now, lifetimeMs: 3_600_000});
    await source.get();
    now += 3_600_000 - 61_000;
    await source.get();
    assert.equal(fetches(), 1);
    now += 2_000;
    assert.equal((await source.get()).accessToken, 'token-2');
  });

  test('a short-lived token is renewed a tenth of its life before expiry, not on every call', async () => {
    let now = 1_000_000;
    const {source, fetches} = tokenSource({now: () => now, lifetimeMs: 10_000});
    await source.get();
    now += 8_900;
    await source.get();
    assert.equal(fetches(), 1, 'a 10 s token is still used at 8.9 s');
    now += 200;
    await source.get();
    assert.equal(fetches(), 2, 'and renewed from 9 s');
  });

  test('a 60-second token is reused for 54 s, from memory and from the cache', async () => {
    let now = 1_000_000;
    const cache: {stored?: AccessToken} = {};
    const first = tokenSource({now: () => now, lifetimeMs: 60_000, cache});
    await first.source.get();
    now += 53_000;
    await first.source.get();
    assert.equal(first.fetches(), 1, 'reused from memory at 53 s');
    // The next run: a new source, the same cache.
    const second = tokenSource({now: () => now, lifetimeMs: 60_000, cache});
    assert.equal((await second.source.get()).accessToken, 'token-1', 'reused from the cache at 53 s');
    assert.equal(second.fetches(), 0);
    now += 2_000;
    const third = tokenSource({now: () => now, lifetimeMs: 60_000, cache});
    await third.source.get();
    assert.equal(third.fetches(), 1, 'renewed from 54 s');
  });

  test('a cached token is used only for the tenant and client it was issued to', async () => {
    const stored = (binding: Partial<AccessToken>): {stored?: AccessToken} => ({
      stored: {
        accessToken: 'old-tenant-token',
        expiresAt: Date.now() + 3_600_000,
        issuedAt: Date.now(),
        ...binding,
      },
    });
    for (const binding of [
      {tenantUrl: 'https://old.example.com', clientId: 'c'},
      {tenantUrl: 'https://t.example.com', clientId: 'another-client'},
      {},
    ]) {
      const {source, fetches} = tokenSource({cache: stored(binding)});
      assert.equal((await source.get()).accessToken, 'token-1', JSON.stringify(binding));
      assert.equal(fetches(), 1);
    }
  });

  test('loads from the cache on first need, saves after a fetch, clears on invalidate', async () => {
    const cache: {stored?: AccessToken} = {
      stored: {
        accessToken: 'cached-token',
        expiresAt: Date.now() + 3_600_000,
        issuedAt: Date.now(),
        tenantUrl: 'https://t.example.com',
        clientId: 'c',
      },
    };
    const {source, events, saved, fetches} = tokenSource({cache});
    assert.equal((await source.get()).accessToken, 'cached-token');
    assert.deepEqual(events, [{type: 'access-token', source: 'cache'}]);
    await source.invalidate('cached-token');
    assert.deepEqual(saved, [undefined]);
    assert.equal((await source.get()).accessToken, 'token-1');
    assert.equal(fetches(), 1);
    assert.equal(cache.stored?.accessToken, 'token-1');
    assert.equal(cache.stored?.tenantUrl, 'https://t.example.com', 'saved with its tenant');
    assert.equal(cache.stored?.clientId, 'c', 'and its client');
    assert.deepEqual(events.at(-1), {type: 'access-token', source: 'fetched'});
  });

  test('an expired cached token is not used', async () => {
    const cache: {stored?: AccessToken} = {stored: {accessToken: 'old', expiresAt: Date.now() + 30_000}};
    const {source} = tokenSource({cache});
    assert.equal((await source.get()).accessToken, 'token-1');
  });

  test('invalidating a token that was already replaced keeps the new one', async () => {
    const {source, fetches} = tokenSource();
    await source.get();
    await source.invalidate('token-1');
    await source.get();
    await source.invalidate('token-1');
    assert.equal((await source.get()).accessToken, 'token-2');
    assert.equal(fetches(), 2);
  });

  test('an aborted caller leaves the shared request to the others', async () => {
    const {source} = tokenSource();
    const controller = new AbortController();
    const aborted = source.get({signal: controller.signal});
    const other = source.get();
    controller.abort();
    await assert.rejects(aborted, (error: unknown) => error instanceof QlikError && error.kind === 'cancelled');
    assert.equal((await other).accessToken, 'token-1');
  });
});
