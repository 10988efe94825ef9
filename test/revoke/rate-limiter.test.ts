import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {SlidingWindowLimiter} from '../../source/revoke/rate-limiter.js';

function clocked(limit: number, windowMs: number, marginMs = 0) {
  const clock = {t: 1_000_000};
  const limiter = new SlidingWindowLimiter({limit, windowMs, marginMs, now: () => clock.t});
  return {clock, limiter};
}

describe('sliding-window limiter', () => {
  test('admits a burst of the whole limit at once, then nothing until the window has passed', () => {
    const {clock, limiter} = clocked(3, 1000);
    for (let i = 0; i < 3; i++) {
      assert.equal(limiter.delay(), 0);
      limiter.admit().done();
    }
    assert.equal(limiter.delay(), 1000);
    clock.t += 999;
    assert.equal(limiter.delay(), 1);
    clock.t += 1;
    assert.equal(limiter.delay(), 0);
  });

  test('a request counts from its answer, not from its sending: latency cannot squeeze two windows into one', () => {
    const {clock, limiter} = clocked(1, 1000, 10);
    const slot = limiter.admit();
    clock.t += 300; // the tenant may have counted it at any moment of these 300 ms
    assert.equal(limiter.delay(), Number.POSITIVE_INFINITY, 'in flight: wait for its answer');
    slot.done();
    assert.equal(limiter.delay(), 1010);
  });

  test('the window slides: room opens one answer at a time', () => {
    const {clock, limiter} = clocked(2, 1000);
    limiter.admit().done();
    clock.t += 400;
    limiter.admit().done();
    assert.equal(limiter.delay(), 600);
    clock.t += 600;
    assert.equal(limiter.delay(), 0);
    limiter.admit().done();
    assert.equal(limiter.delay(), 400);
  });

  test('a pause (Retry-After) and the client gate hold admissions even with room in the window', () => {
    const clock = {t: 5000};
    let gate = 0;
    const limiter = new SlidingWindowLimiter({
      limit: 10,
      windowMs: 1000,
      marginMs: 0,
      now: () => clock.t,
      gate: () => gate,
    });
    limiter.pauseUntil(7000);
    assert.equal(limiter.delay(), 2000);
    gate = 9000;
    assert.equal(limiter.delay(), 4000);
    clock.t = 9000;
    assert.equal(limiter.delay(), 0);
  });

  test('lowerLimit only ever lowers, and never below one', () => {
    const {limiter} = clocked(10, 1000);
    limiter.lowerLimit(4);
    assert.equal(limiter.limit, 4);
    limiter.lowerLimit(8);
    assert.equal(limiter.limit, 4);
    limiter.lowerLimit(0);
    assert.equal(limiter.limit, 1);
  });

  test('countAtAdmit counts the window including the new request', () => {
    const {limiter} = clocked(5, 1000);
    assert.equal(limiter.admit().countAtAdmit, 1);
    assert.equal(limiter.admit().countAtAdmit, 2);
  });

  test('acquire() waits in order and never admits beyond the limit (real timers)', async () => {
    const limiter = new SlidingWindowLimiter({limit: 2, windowMs: 100, marginMs: 0});
    const order: number[] = [];
    const slots = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const slot = await limiter.acquire();
        order.push(i);
        slot.done();
        return slot;
      }),
    );
    assert.deepEqual(order, [0, 1, 2, 3]);
    assert.ok(slots.every((s) => s.countAtAdmit <= 2));
  });

  test('acquire() rejects at once when aborted', async () => {
    const limiter = new SlidingWindowLimiter({limit: 1, windowMs: 60_000});
    limiter.admit();
    const controller = new AbortController();
    const pending = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(pending, /stop/);
  });
});
