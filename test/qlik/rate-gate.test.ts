import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {RateGate, tierOf} from '../../source/qlik/rate-gate.js';
import {QlikError} from '../../source/qlik/errors.js';

describe('tierOf', () => {
  test('tier 1 reads, tier 2 token and delete', () => {
    assert.equal(tierOf('GET', '/api/v1/users'), 1);
    assert.equal(tierOf('GET', '/api/v1/users/me'), 1);
    assert.equal(tierOf('get', '/api/v1/oauth-tokens?limit=100'), 1);
    assert.equal(tierOf('POST', '/oauth/token'), 2);
    assert.equal(tierOf('DELETE', '/api/v1/oauth-tokens/abc'), 2);
  });
});

describe('RateGate', () => {
  test('an open tier does not wait', async () => {
    const gate = new RateGate();
    assert.equal(gate.blockedUntil(1), 0);
    await gate.wait(1, 1000);
  });

  test('a block holds its tier only, and never shortens', () => {
    let now = 1_000_000;
    const gate = new RateGate(() => now);
    const until = gate.block(1, 10);
    assert.equal(until, now + 10_000);
    assert.equal(gate.block(1, 2), until);
    assert.equal(gate.blockedUntil(1), until);
    assert.equal(gate.blockedUntil(2), 0);
    now = until;
    assert.equal(gate.blockedUntil(1), 0);
  });

  test('fails fast, with retryAfter, when the block outlasts maxWaitMs', async () => {
    const gate = new RateGate();
    gate.block(2, 30);
    await assert.rejects(gate.wait(2, 5_000), (error: unknown) => {
      assert.ok(error instanceof QlikError);
      assert.equal(error.kind, 'rate-limited');
      assert.equal(error.retryAfter, 30);
      return true;
    });
  });

  test('every waiter wakes once the block ends, and no earlier', async () => {
    const gate = new RateGate();
    const until = gate.block(1, 0.15);
    const woke: number[] = [];
    await Promise.all([1, 2, 3].map(() => gate.wait(1, 10_000).then(() => woke.push(Date.now()))));
    assert.equal(woke.length, 3);
    for (const at of woke) assert.ok(at >= until - 1, `woke ${until - at} ms early`);
  });

  test('a waiter whose block was extended waits again', async () => {
    const gate = new RateGate();
    gate.block(1, 0.05);
    const waiting = gate.wait(1, 10_000);
    const later = gate.block(1, 0.2);
    await waiting;
    assert.ok(Date.now() >= later - 1);
  });

  test('a wait is abortable', async () => {
    const gate = new RateGate();
    gate.block(1, 60);
    const controller = new AbortController();
    const waiting = gate.wait(1, 120_000, controller.signal);
    controller.abort();
    await assert.rejects(waiting, (error: unknown) => error instanceof QlikError && error.kind === 'cancelled');
  });
});
