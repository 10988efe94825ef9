import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {SlidingWindowLimiter} from '../../source/simulator/rate-limiter.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {accessToken, api} from './sim-http.js';

describe('sliding window limiter (clock passed in)', () => {
  const small = {tier1: {limit: 5, windowMs: 1000}, tier2: {limit: 2, windowMs: 10_000}};

  test('allows the limit, then refuses with the seconds until the oldest slot frees', () => {
    const limiter = new SlidingWindowLimiter(small);
    for (let t = 0; t < 500; t += 100) assert.deepEqual(limiter.take('bot', 1, t), {allowed: true});
    assert.deepEqual(limiter.take('bot', 1, 500), {allowed: false, retryAfterSeconds: 1});
    const tier2 = new SlidingWindowLimiter(small);
    tier2.take('bot', 2, 0);
    tier2.take('bot', 2, 0);
    assert.deepEqual(tier2.take('bot', 2, 2500), {allowed: false, retryAfterSeconds: 8});
  });

  test('refused requests take no slot', () => {
    const limiter = new SlidingWindowLimiter(small);
    for (let t = 0; t < 500; t += 100) limiter.take('bot', 1, t);
    for (let t = 500; t < 1000; t += 10) assert.equal(limiter.take('bot', 1, t).allowed, false);
    // The request at t=0 has left the window: exactly one slot is free, not zero.
    assert.equal(limiter.take('bot', 1, 1001).allowed, true);
    assert.equal(limiter.take('bot', 1, 1001).allowed, false);
  });

  test('tiers and users are counted separately', () => {
    const limiter = new SlidingWindowLimiter(small);
    limiter.take('bot', 2, 0);
    limiter.take('bot', 2, 0);
    assert.equal(limiter.take('bot', 2, 1).allowed, false);
    assert.equal(limiter.take('bot', 1, 1).allowed, true);
    assert.equal(limiter.take('other', 2, 1).allowed, true);
  });

  test('false disables limiting', () => {
    const limiter = new SlidingWindowLimiter(false);
    for (let i = 0; i < 10_000; i++) assert.equal(limiter.take('bot', 2, 0).allowed, true);
  });
});

describe('rate limits over HTTP', () => {
  let sim: Simulator;
  before(async () => {
    // A long window: nothing here depends on how fast the test runs.
    sim = await startSimulator({
      users: 5,
      tokens: 40,
      rateLimits: {tier1: {limit: 4, windowMs: 600_000}, tier2: {limit: 5, windowMs: 600_000}},
    });
  });
  after(() => sim.stop());

  test('tier 2: the sixth request of the window is a 429, and every tier-2 endpoint is blocked', async () => {
    sim.resetStats();
    const token = await accessToken(sim); // 1
    const victims = sim
      .tokens()
      .slice(0, 5)
      .map((t) => t.id);
    for (const id of victims.slice(0, 4))
      assert.equal((await api(sim, token, `/api/v1/oauth-tokens/${id}`, {method: 'DELETE'})).status, 204); // 2..5
    const refused = await api(sim, token, `/api/v1/oauth-tokens/${victims[4]}`, {method: 'DELETE'});
    assert.equal(refused.status, 429);
    const retryAfter = refused.headers.get('retry-after');
    assert.match(retryAfter ?? '', /^\d+$/);
    assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 600);
    assert.deepEqual(refused.body, {
      errors: [
        {
          code: 'HTTP-429',
          title: 'API rate limit reached.',
          detail: `You need to wait ${retryAfter} seconds until limit is lifted.`,
        },
      ],
    });
    assert.equal(sim.hasToken(victims[4]!), true, 'a refused DELETE must not revoke');
    assert.equal(refused.headers.get('x-ratelimit-limit'), null);

    const tokenRefused = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({
        client_id: sim.clientId,
        client_secret: sim.clientSecret,
        grant_type: 'client_credentials',
        scope: 'admin_classic',
      }),
    });
    assert.equal(tokenRefused.status, 429);
    assert.match(tokenRefused.headers.get('retry-after') ?? '', /^\d+$/);

    // Tier 1 is a separate budget.
    assert.equal((await api(sim, token, '/api/v1/oauth-tokens?limit=5')).status, 200);
    assert.deepEqual(sim.stats().rateLimited, {tier1: 0, tier2: 2});

    // Lifting the limits unblocks at once.
    sim.setRateLimits(false);
    assert.equal((await api(sim, token, `/api/v1/oauth-tokens/${victims[4]}`, {method: 'DELETE'})).status, 204);
  });

  test('tier 1: users, users/me, users/{id} and oauth-tokens share one budget', async () => {
    sim.setRateLimits({tier1: {limit: 4, windowMs: 600_000}, tier2: {limit: 100, windowMs: 600_000}});
    sim.resetStats();
    const token = await accessToken(sim);
    // The previous test spent one tier-1 request already.
    assert.equal((await api(sim, token, '/api/v1/users?limit=5')).status, 200);
    assert.equal((await api(sim, token, '/api/v1/users/me')).status, 301);
    assert.equal((await api(sim, token, `/api/v1/users/${sim.botUser.id}`)).status, 200);
    for (const path of [
      '/api/v1/oauth-tokens?limit=5',
      '/api/v1/users/me',
      `/api/v1/users/${sim.botUser.id}`,
      '/api/v1/users',
    ]) {
      const res = await api(sim, token, path);
      assert.equal(res.status, 429, path);
      assert.equal(res.body.errors[0].code, 'HTTP-429');
    }
    assert.equal(sim.stats().rateLimited.tier1, 4);
    // Tier 2 still answers.
    const id = sim.tokens()[0]!.id;
    assert.equal((await api(sim, token, `/api/v1/oauth-tokens/${id}`, {method: 'DELETE'})).status, 204);
  });

  test('unauthenticated requests are 401s that cost the bot nothing', async () => {
    const fresh = await startSimulator({users: 2, tokens: 2, rateLimits: {tier1: {limit: 1, windowMs: 600_000}}});
    try {
      for (let i = 0; i < 3; i++) assert.equal((await fetch(`${fresh.url}/api/v1/users`)).status, 401);
      const token = await accessToken(fresh);
      assert.equal((await api(fresh, token, '/api/v1/users')).status, 200);
      assert.equal((await api(fresh, token, '/api/v1/users')).status, 429);
    } finally {
      await fresh.stop();
    }
  });
});
