import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {accessToken, api} from './sim-http.js';

const LIST = '/api/v1/oauth-tokens?limit=50';

describe('injected faults', () => {
  let sim: Simulator;
  let token: string;
  const get = (path = LIST, init: RequestInit = {}) =>
    fetch(`${sim.url}${path}`, {...init, headers: {authorization: `Bearer ${token}`}});
  before(async () => {
    sim = await startSimulator({users: 10, tokens: 80});
    token = await accessToken(sim);
  });
  after(() => sim.stop());

  test('html-502: an nginx page, once, then normal service', async () => {
    sim.resetStats();
    sim.inject({kind: 'html-502'});
    const res = await get();
    assert.equal(res.status, 502);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await res.text(), /<title>502 Bad Gateway<\/title>[\s\S]*nginx/);
    assert.equal((await get()).status, 200);
    assert.equal(sim.stats().faultsInjected, 1);
  });

  test('html-500', async () => {
    sim.inject({kind: 'html-500'});
    const res = await get();
    assert.equal(res.status, 500);
    assert.match(await res.text(), /500 Internal Server Error/);
  });

  test('reset: the connection dies before any response', async () => {
    sim.inject({kind: 'reset'});
    await assert.rejects(get());
    assert.equal((await get()).status, 200);
  });

  test('reset-mid-body: status and headers arrive, the body does not', async () => {
    sim.inject({kind: 'reset-mid-body'});
    const res = await get();
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
  });

  test('slow: the answer is delayed but correct', async () => {
    sim.inject({kind: 'slow', delayMs: 30});
    const res = await api(sim, token, LIST);
    assert.equal(res.status, 200);
    assert.equal(res.body.data.length, 50);
  });

  test('slow: a client with a much shorter timeout gives up', async () => {
    sim.inject({kind: 'slow', delayMs: 60_000});
    await assert.rejects(get(LIST, {signal: AbortSignal.timeout(100)}), {name: 'TimeoutError'});
  });

  test('stall: headers never come; the client gives up', async () => {
    sim.inject({kind: 'stall'});
    await assert.rejects(get(LIST, {signal: AbortSignal.timeout(100)}), {name: 'TimeoutError'});
    assert.equal((await get()).status, 200);
  });

  test('delete-applied-503: the token is revoked, the answer is a 503 page; a retry sees 404', async () => {
    const victim = sim.tokens()[0]!;
    sim.inject({kind: 'delete-applied-503', method: 'DELETE'});
    const res = await get(`/api/v1/oauth-tokens/${victim.id}`, {method: 'DELETE'});
    assert.equal(res.status, 503);
    assert.match(await res.text(), /503 Service Temporarily Unavailable/);
    assert.equal(sim.hasToken(victim.id), false);
    assert.equal((await get(`/api/v1/oauth-tokens/${victim.id}`, {method: 'DELETE'})).status, 404);
  });

  test('empty-200 and empty-500', async () => {
    sim.inject({kind: 'empty-200'});
    const ok = await get();
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), '');
    sim.inject({kind: 'empty-500'});
    const failed = await get();
    assert.equal(failed.status, 500);
    assert.equal(await failed.text(), '');
  });

  test('bad-json-200: JSON content type, body that does not parse', async () => {
    sim.inject({kind: 'bad-json-200'});
    const res = await get();
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const text = await res.text();
    assert.throws(() => JSON.parse(text), SyntaxError);
  });

  test("wrong-shape-200: valid JSON without the contract's fields", async () => {
    sim.inject({kind: 'wrong-shape-200', path: '/oauth/token'});
    const res = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({
        client_id: sim.clientId,
        client_secret: sim.clientSecret,
        grant_type: 'client_credentials',
      }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.access_token, undefined);
    assert.equal(Array.isArray(body.data), false);
  });

  test('method and path select the requests a rule hits; times counts them', async () => {
    sim.inject({kind: 'html-502', method: 'delete', path: '/api/v1/oauth-tokens', times: 2});
    assert.equal((await get()).status, 200, 'a GET is not a DELETE');
    const [a, b] = sim.tokens();
    assert.equal(
      (await get(`/api/v1/oauth-tokens/${a!.id}`, {method: 'DELETE'})).status,
      502,
      'prefix match on the id path',
    );
    assert.equal((await get(`/api/v1/oauth-tokens/${a!.id}`, {method: 'DELETE'})).status, 502);
    assert.equal((await get(`/api/v1/oauth-tokens/${a!.id}`, {method: 'DELETE'})).status, 204);
    sim.inject({kind: 'html-500', path: /^\/api\/v1\/users\/[0-9a-f]{24}$/, times: Infinity});
    assert.equal((await get('/api/v1/users?limit=1')).status, 200);
    for (let i = 0; i < 3; i++) assert.equal((await get(`/api/v1/users/${sim.botUser.id}`)).status, 500);
    sim.clearFaults();
    assert.equal((await get(`/api/v1/users/${sim.botUser.id}`)).status, 200);
    assert.equal((await get(`/api/v1/oauth-tokens/${b!.id}`, {method: 'DELETE'})).status, 204);
  });

  test('a path string does not match a longer segment', async () => {
    sim.inject({kind: 'html-502', path: '/api/v1/users'});
    assert.equal((await get('/api/v1/users-extra')).status, 404);
    assert.equal((await get('/api/v1/users?limit=1')).status, 502);
  });
});

describe('random faults', () => {
  const statuses = async (seed: number): Promise<Array<number | 'reset'>> => {
    const sim = await startSimulator({users: 5, tokens: 20, seed, faults: {errorRate: 0.3, resetRate: 0.2}});
    try {
      const token = await accessToken(sim).catch(() => undefined);
      const out: Array<number | 'reset'> = [];
      for (let i = 0; i < 40; i++) {
        out.push(
          await fetch(`${sim.url}/api/v1/users?limit=1`, {headers: {authorization: `Bearer ${token ?? 'x'}`}}).then(
            async (res) => {
              await res.arrayBuffer().catch(() => undefined);
              return res.status;
            },
            () => 'reset' as const,
          ),
        );
      }
      assert.ok(sim.stats().faultsInjected > 0);
      return out;
    } finally {
      await sim.stop();
    }
  };

  test('the same seed injects the same faults in the same places', async () => {
    const a = await statuses(11);
    const b = await statuses(11);
    assert.deepEqual(a, b);
    assert.ok(a.some((s) => s === 'reset' || s >= 500));
  });

  test('deleteAppliedButFailsRate 1: every DELETE lands and answers 503', async () => {
    const sim = await startSimulator({users: 5, tokens: 20, faults: {deleteAppliedButFailsRate: 1}});
    try {
      const token = await accessToken(sim);
      const victim = sim.tokens()[0]!;
      const res = await fetch(`${sim.url}/api/v1/oauth-tokens/${victim.id}`, {
        method: 'DELETE',
        headers: {authorization: `Bearer ${token}`},
      });
      assert.equal(res.status, 503);
      await res.arrayBuffer();
      assert.equal(sim.hasToken(victim.id), false);
      assert.equal((await api(sim, token, LIST)).status, 200, 'GETs are untouched');
    } finally {
      await sim.stop();
    }
  });
});

describe('stop()', () => {
  test('releases a stalled request and a slow one', async () => {
    const sim = await startSimulator({users: 2, tokens: 2});
    const token = await accessToken(sim);
    sim.inject({kind: 'stall'});
    const stalled = fetch(`${sim.url}${LIST}`, {headers: {authorization: `Bearer ${token}`}});
    const stalledOutcome = stalled.then(
      () => 'answered',
      () => 'released',
    );
    sim.inject({kind: 'slow', delayMs: 600_000});
    const slowOutcome = fetch(`${sim.url}${LIST}`, {headers: {authorization: `Bearer ${token}`}}).then(
      () => 'answered',
      () => 'released',
    );
    // Both requests must have reached the server before it stops.
    while (sim.stats().requests < 3) await new Promise((resolve) => setImmediate(resolve));
    await sim.stop();
    assert.equal(await stalledOutcome, 'released');
    assert.equal(await slowOutcome, 'released');
  });
});
