// The adaptive concurrency of bulk runs: the rule alone (Little's law on the lowest round trip,
// shrinking when answers queue up), then the engine on the simulator over HTTP — more in flight
// for a far tenant than a near one, and not one request refused by the tenant's tier-2 limiter,
// with Qlik's real limits and with a tight one.
import {after, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {scratchDir} from '../support/scratch.js';
import path from 'node:path';
import {createQlikClient} from '../../source/qlik/client.js';
import {AdaptiveConcurrency, fixedConcurrency} from '../../source/revoke/concurrency.js';
import {revokeTokens} from '../../source/revoke/index.js';
import {startSimulator, type SimulatorOptions} from '../../source/simulator/index.js';

describe('AdaptiveConcurrency', () => {
  test('starts at 4 and keeps rtt / 5 ms in flight, from 1 to 32', () => {
    const near = new AdaptiveConcurrency();
    assert.equal(near.limit, 4);
    near.observe(20);
    assert.equal(near.limit, 4);
    const far = new AdaptiveConcurrency();
    far.observe(150);
    assert.equal(far.limit, 30);
    const farther = new AdaptiveConcurrency();
    farther.observe(1200);
    assert.equal(farther.limit, 32);
    const local = new AdaptiveConcurrency();
    local.observe(0.2);
    assert.equal(local.limit, 1);
  });

  test('answers slowing down under load (smoothed > 2 × lowest) shrink it in proportion, and it recovers', () => {
    const c = new AdaptiveConcurrency();
    c.observe(100);
    assert.equal(c.limit, 20);
    for (let i = 0; i < 12; i++) c.observe(800);
    assert.ok(c.limit <= 6, `still ${c.limit} in flight while answers take 8× the lowest round trip`);
    assert.ok(c.limit >= 1);
    for (let i = 0; i < 12; i++) c.observe(100);
    assert.equal(c.limit, 20);
  });

  test('ignores nonsense samples; a fixed one never moves', () => {
    const c = new AdaptiveConcurrency({initial: 7});
    c.observe(Number.NaN);
    c.observe(-5);
    c.observe(Number.POSITIVE_INFINITY);
    assert.equal(c.limit, 7);
    const fixed = fixedConcurrency(3.9);
    fixed.observe(1000);
    assert.equal(fixed.limit, 3);
  });
});

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function bulk(options: SimulatorOptions, rate?: {limit: number; windowMs: number}) {
  const sim = await startSimulator({users: 1, tokens: 60, seed: 3, ...options});
  const client = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret});
  cleanups.push(async () => {
    await client.close();
    await sim.stop();
  });
  const userId = sim.tokens()[0]!.userId;
  const result = await revokeTokens({
    client,
    userId,
    all: true,
    ...(rate ? {rate, rateMarginMs: 20} : {}),
    audit: {profile: 'test', file: path.join(scratchDir('qlik-tokens-conc-'), 'audit.jsonl')},
  });
  return {sim, result};
}

describe('bulk runs adapt to the tenant latency within tier 2', () => {
  test("a far tenant (60 ms) with Qlik's real limits: many in flight, every token revoked, zero 429s", async () => {
    const {sim, result} = await bulk({latencyMs: 60});
    assert.equal(result.counts.revoked, 60);
    assert.ok((result.peakInFlight ?? 0) >= 10, `peak ${result.peakInFlight} in flight for a 60 ms tenant`);
    assert.equal(sim.stats().rateLimited.tier2, 0);
    assert.equal(sim.tokens().length, 0);
  });

  test('a tight tier 2 (20 per 500 ms) and a far tenant: paced by the limiter, never refused', async () => {
    const tight = {limit: 20, windowMs: 500};
    const {sim, result} = await bulk({latencyMs: 40, rateLimits: {tier2: tight}}, tight);
    assert.equal(result.counts.revoked, 60);
    assert.equal(sim.stats().rateLimited.tier2, 0, 'a DELETE was refused with 429');
    // 61 tier-2 requests (its access token too) through a window of 20: at least three windows.
    assert.ok(result.durationMs >= 3 * tight.windowMs, `done in ${result.durationMs} ms`);
  });
});
