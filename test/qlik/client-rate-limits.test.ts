// 429 handling against the simulator's per-tier sliding windows: waiting out Retry-After, holding
// the whole tier while it is blocked, and failing fast when the wait would be too long.
import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {withSimulator, qlikError} from './simulated-tenant.js';
import type {ClientEvent} from '../../source/qlik/types.js';

const rateLimitEvents = (events: ClientEvent[]) =>
  events.filter((e): e is Extract<ClientEvent, {type: 'rate-limited'}> => e.type === 'rate-limited');

describe('429 storm', () => {
  test('a listing through a tiny tier-1 limit waits and completes', async () => {
    await withSimulator(
      {users: 3, tokens: 600, rateLimits: {tier1: {limit: 5, windowMs: 1000}}},
      async ({sim, client, events}) => {
        const tokens = await client().listTokens({limit: 50});
        assert.deepEqual(
          tokens.map((t) => t.id),
          sim.tokens().map((t) => t.id),
        );
        const refused = sim.stats().rateLimited.tier1;
        assert.ok(refused >= 1, 'the limit was never hit');
        assert.equal(rateLimitEvents(events).length, refused);
        assert.ok(rateLimitEvents(events).every((e) => e.tier === 1 && e.retryAfterSeconds >= 1));
        assert.equal(sim.stats().byRoute['GET /api/v1/oauth-tokens'], 12 + refused);
      },
    );
  });

  test('twenty concurrent calls through a limit of five all succeed', async () => {
    await withSimulator({users: 25, rateLimits: {tier1: {limit: 5, windowMs: 1000}}}, async ({sim, client}) => {
      const api = client();
      const users = sim.users().slice(0, 20);
      const got = await Promise.all(users.map((u) => api.getUser(u.id)));
      assert.deepEqual(
        got.map((u) => u.id),
        users.map((u) => u.id),
      );
    });
  });
});

describe('tier blocking', () => {
  test('a 429 on one tier-1 call holds the other tier-1 calls until Retry-After; tier 2 stays open', async () => {
    await withSimulator({users: 12, rateLimits: {tier1: {limit: 6, windowMs: 1500}}}, async ({sim, client}) => {
      let blocked!: () => void;
      const firstBlock = new Promise<void>((resolve) => (blocked = resolve));
      const api = client({onEvent: (e) => e.type === 'rate-limited' && blocked()});
      const users = sim.users();
      for (let i = 0; i < 6; i++) await api.getUser(users[i]!.id);
      assert.equal(api.blockedUntil(1), 0);

      const first = api.getUser(users[6]!.id);
      await firstBlock;
      const until = api.blockedUntil(1);
      assert.ok(until > Date.now());
      const requestsWhenBlocked = sim.stats().byRoute['GET /api/v1/users/{id}'];
      const others = users.slice(7, 12).map((u) => api.getUser(u.id));

      // Tier 2 is not held by a tier-1 block.
      assert.equal(api.blockedUntil(2), 0);
      const victim = sim.tokens()[0]!;
      assert.equal(await api.revokeToken(victim.id), 'revoked');
      assert.equal(
        sim.stats().byRoute['GET /api/v1/users/{id}'],
        requestsWhenBlocked,
        'a tier-1 request left during the block',
      );

      const all = await Promise.all([first, ...others]);
      assert.equal(all.length, 6);
      // Only the first call ever met the 429: everyone else waited for the block to end.
      assert.equal(sim.stats().rateLimited.tier1, 1);
      assert.equal(api.blockedUntil(1), 0);
    });
  });

  test('a call waiting out a Retry-After can be cancelled', async () => {
    await withSimulator({rateLimits: {tier1: {limit: 1, windowMs: 60_000}}}, async ({client, sim}) => {
      const controller = new AbortController();
      const api = client({onEvent: (e) => e.type === 'rate-limited' && controller.abort()});
      await api.getUser(sim.botUser.id);
      await assert.rejects(api.getUser(sim.botUser.id, {signal: controller.signal}), qlikError('cancelled'));
      assert.ok(api.blockedUntil(1) > Date.now());
    });
  });
});

test('close() ends a call that is waiting out a Retry-After', async () => {
  await withSimulator({rateLimits: {tier1: {limit: 1, windowMs: 60_000}}}, async ({client, sim}) => {
    const api = client({onEvent: (e) => e.type === 'rate-limited' && void api.close()});
    await api.getUser(sim.botUser.id);
    await assert.rejects(api.getUser(sim.botUser.id), qlikError('cancelled'));
  });
});

describe('fail fast', () => {
  test('Retry-After beyond maxRateLimitWaitMs fails as rate-limited, and the tier stays blocked without sending', async () => {
    await withSimulator({rateLimits: {tier2: {limit: 2, windowMs: 600_000}}}, async ({sim, client, events}) => {
      const api = client({maxRateLimitWaitMs: 1000});
      const [a, b, c] = sim.tokens();
      assert.equal(await api.revokeToken(a!.id), 'revoked');
      await assert.rejects(api.revokeToken(b!.id), (error: unknown) => {
        qlikError(
          'rate-limited',
          /^rate limit of tier 2 reached: HTTP 429 from tenant: API rate limit reached\. You need to wait \d+ seconds until limit is lifted\. \(HTTP-429\)$/,
        )(error);
        const retryAfter = (error as {retryAfter?: number}).retryAfter ?? 0;
        assert.ok(retryAfter > 500 && retryAfter <= 600, String(retryAfter));
        return true;
      });
      assert.ok(api.blockedUntil(2) > Date.now() + 500_000);
      assert.equal(rateLimitEvents(events).length, 1);
      const before = sim.stats().requests;
      await assert.rejects(api.revokeToken(c!.id), qlikError('rate-limited', /wait \d+ s/));
      assert.equal(sim.stats().requests, before);
      assert.equal(sim.hasToken(b!.id), true);
      // Tier 1 is unaffected.
      assert.equal((await api.whoami()).id, sim.botUser.id);
    });
  });

  test('the token request is tier 2 too: throttled credentials fail fast as rate-limited', async () => {
    await withSimulator({rateLimits: {tier2: {limit: 1, windowMs: 600_000}}}, async ({client}) => {
      await client().getAccessToken();
      await assert.rejects(client({maxRateLimitWaitMs: 500}).whoami(), qlikError('rate-limited'));
    });
  });
});
