// The progress line of `tokens revoke`, on a clock the test turns by hand.
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {progressLine, type ProgressTimers} from '../../source/commands/revoke-progress.js';
import type {RevokeEvent} from '../../source/revoke/index.js';

function manualTimers(start = 1_000_000): ProgressTimers & {advance(ms: number): void} {
  let now = start;
  const ticks: Array<{every: number; next: number; tick: () => void}> = [];
  return {
    now: () => now,
    every(ms, tick) {
      const entry = {every: ms, next: now + ms, tick};
      ticks.push(entry);
      return () => ticks.splice(ticks.indexOf(entry), 1);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = ticks.filter((t) => t.next <= end).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        now = due.next;
        due.next += due.every;
        due.tick();
      }
      now = end;
    },
  };
}

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return {writes, isTTY, columns: 120, write: (text: string) => writes.push(text)};
}

const outcome = (done: number): RevokeEvent => ({
  type: 'outcome',
  outcome: {tokenId: `t${done}`, outcome: 'revoked', attempts: 1},
  done,
  total: 600,
});

describe('the progress line of tokens revoke', () => {
  test('shows whichever wait is longest: a short 429 does not replace a long pacing wait', () => {
    const timers = manualTimers();
    const out = stream(true);
    const line = progressLine(out, timers);
    line.onEvent({type: 'started', total: 600, foreign: 0});
    line.onEvent(outcome(499));
    line.onEvent({type: 'paced', waitMs: 300_000, until: timers.now() + 300_000});
    line.onEvent({type: 'rate-limited', waitMs: 13_000, until: timers.now() + 13_000});
    assert.match(out.writes.at(-1)!, /pacing to the rate limit: resuming in 300 s/);
    line.clear();
  });

  test('on a terminal it ticks every second while nothing else happens, and past the 429', () => {
    const timers = manualTimers();
    const out = stream(true);
    const line = progressLine(out, timers);
    line.onEvent({type: 'started', total: 600, foreign: 0});
    line.onEvent({type: 'rate-limited', waitMs: 5_000, until: timers.now() + 5_000});
    line.onEvent({type: 'paced', waitMs: 60_000, until: timers.now() + 60_000});
    timers.advance(3_000);
    assert.match(
      out.writes.at(-1)!,
      /^\r\u001b\[Krevoking 0\/600 · 0 revoked · pacing to the rate limit: resuming in 57 s$/,
    );
    timers.advance(10_000);
    assert.match(out.writes.at(-1)!, /resuming in 47 s/, 'still counting after the 429 ended');
    const before = out.writes.length;
    timers.advance(5_000);
    assert.equal(out.writes.length, before + 5, 'one frame a second');
    line.clear();
    timers.advance(5_000);
    assert.equal(out.writes.length, before + 6, 'nothing after clear but the erase');
  });

  test('into a pipe: one whole line every 10 s, no carriage returns', () => {
    const timers = manualTimers();
    const out = stream(false);
    const line = progressLine(out, timers);
    line.onEvent({type: 'started', total: 600, foreign: 0});
    for (let done = 1; done <= 50; done++) line.onEvent(outcome(done));
    line.onEvent({type: 'paced', waitMs: 280_000, until: timers.now() + 280_000});
    assert.deepEqual(out.writes, [], 'outcomes alone write nothing into a log');
    timers.advance(35_000);
    assert.equal(out.writes.length, 3);
    assert.deepEqual(out.writes, [
      'qlik-tokens: revoking 50/600 · 50 revoked · pacing to the rate limit: resuming in 270 s\n',
      'qlik-tokens: revoking 50/600 · 50 revoked · pacing to the rate limit: resuming in 260 s\n',
      'qlik-tokens: revoking 50/600 · 50 revoked · pacing to the rate limit: resuming in 250 s\n',
    ]);
    line.clear();
    timers.advance(60_000);
    assert.equal(out.writes.length, 3);
  });
});
