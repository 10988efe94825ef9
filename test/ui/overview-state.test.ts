// The overview's aggregation and bars, without a terminal.
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {QlikToken} from '../../source/qlik/types.js';
import {
  ageBucket,
  aggregate,
  bar,
  cursorReducer,
  foldDevices,
  percent,
  windowStart,
} from '../../source/ui/screens/overview/state.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW - ms).toISOString();

let seq = 0;
function token(userId: string, lastUsed: string | null | undefined, deviceType?: string | null): QlikToken {
  return {id: `t${seq++}`, userId, tenantId: 'x', lastUsed, deviceType};
}

describe('ageBucket', () => {
  test('today, 7 d, 30 d, 90 d, older, never — each boundary in the younger bucket', () => {
    assert.equal(ageBucket(ago(0), NOW), 'today');
    assert.equal(ageBucket(ago(DAY), NOW), 'today');
    assert.equal(ageBucket(ago(DAY + 1), NOW), 'week');
    assert.equal(ageBucket(ago(7 * DAY), NOW), 'week');
    assert.equal(ageBucket(ago(7 * DAY + 1), NOW), 'month');
    assert.equal(ageBucket(ago(30 * DAY), NOW), 'month');
    assert.equal(ageBucket(ago(31 * DAY), NOW), 'quarter');
    assert.equal(ageBucket(ago(90 * DAY), NOW), 'quarter');
    assert.equal(ageBucket(ago(91 * DAY), NOW), 'older');
    assert.equal(ageBucket(ago(4000 * DAY), NOW), 'older');
  });

  test('no lastUsed, or one that is no date, is never; a time ahead of our clock is today', () => {
    assert.equal(ageBucket(null, NOW), 'never');
    assert.equal(ageBucket(undefined, NOW), 'never');
    assert.equal(ageBucket('', NOW), 'never');
    assert.equal(ageBucket('yesterday-ish', NOW), 'never');
    assert.equal(ageBucket(ago(-5 * 60_000), NOW), 'today');
  });
});

describe('aggregate', () => {
  test('counts every token once per section, users ranked by count then ID, at most 10', () => {
    const tokens: QlikToken[] = [];
    // u00 holds 12 tokens, u01 11, ... u11 1; u10 and u11 drop out of the top 10.
    for (let u = 0; u < 12; u++)
      for (let i = 0; i < 12 - u; i++)
        tokens.push(token(`u${String(u).padStart(2, '0')}`, ago(i * 10 * DAY), i % 2 ? 'iphone' : 'desktop'));
    tokens.push(token('tie-b', null, null), token('tie-a', null, ''));
    const o = aggregate(tokens, NOW);
    assert.equal(o.total, 80);
    assert.equal(o.users, 14);
    assert.deepEqual(
      o.topUsers.map((u) => [u.key, u.count]),
      [
        ['u00', 12],
        ['u01', 11],
        ['u02', 10],
        ['u03', 9],
        ['u04', 8],
        ['u05', 7],
        ['u06', 6],
        ['u07', 5],
        ['u08', 4],
        ['u09', 3],
      ],
    );
    assert.equal(
      o.ages.reduce((sum, a) => sum + a.count, 0),
      80,
    );
    assert.deepEqual(
      o.ages.map((a) => a.label),
      ['today', '7 d', '30 d', '90 d', 'older', 'never'],
    );
    // i = 0 → today (12 users), i = 1 → 10 d → 30 d bucket, i = 2..3 → 90 d, i >= 10 → older.
    assert.equal(o.ages[0]!.count, 12);
    assert.equal(o.ages[1]!.count, 0);
    assert.equal(o.ages[5]!.count, 2);
    assert.equal(
      o.devices.reduce((sum, d) => sum + d.count, 0),
      80,
    );
    assert.deepEqual(o.devices.at(-1), {key: '', count: 2}, 'no device type (null or empty) is one row, last');
  });

  test('an empty tenant: zeros everywhere, no user, no device', () => {
    const o = aggregate([], NOW);
    assert.equal(o.total, 0);
    assert.deepEqual(o.topUsers, []);
    assert.deepEqual(o.devices, []);
    assert.ok(o.ages.every((a) => a.count === 0));
  });

  test('device types are kept as the tenant sent them (the view escapes), trimmed', () => {
    const o = aggregate([token('u', null, ' \u001B[31mevil '), token('u', null, '\u001B[31mevil')], NOW);
    assert.deepEqual(o.devices, [{key: '\u001B[31mevil', count: 2}]);
  });
});

describe('bars and shares', () => {
  test('eighths of a cell, full at max, at least an eighth above zero, nothing at zero', () => {
    assert.equal(bar(10, 10, 8), '████████');
    assert.equal(bar(5, 10, 8), '████');
    assert.equal(bar(1, 16, 2), '▏');
    assert.equal(bar(1, 1_000_000, 20), '▏');
    assert.equal(bar(0, 10, 8), '');
    assert.equal(bar(3, 0, 8), '');
    assert.equal(bar(11, 10, 4), '████', 'never longer than its width');
    assert.equal(bar(3, 8, 3), '█▏', '3/8 of 3 cells = 9 eighths');
  });

  test('percent says <1% rather than 0% for a few', () => {
    assert.equal(percent(1, 1000), '<1%');
    assert.equal(percent(0, 1000), '0%');
    assert.equal(percent(500, 1000), '50%');
    assert.equal(percent(3, 0), '0%');
  });

  test('foldDevices sums what does not fit into one "other" row', () => {
    const devices = [
      {key: 'a', count: 5},
      {key: 'b', count: 4},
      {key: 'c', count: 2},
      {key: 'd', count: 1},
    ];
    assert.deepEqual(foldDevices(devices, 4), devices);
    assert.deepEqual(foldDevices(devices, 3), [
      {key: 'a', count: 5},
      {key: 'b', count: 4},
      {key: '', count: 3, other: 2},
    ]);
    assert.deepEqual(foldDevices(devices, 1), [{key: 'a', count: 5}], 'one row: the commonest, no lone "other"');
    assert.deepEqual(foldDevices(devices, 0), []);
  });
});

describe('the cursor over the top users', () => {
  test('moves within the list; top and bottom', () => {
    assert.deepEqual(cursorReducer({index: 0}, {type: 'move', by: -1}, 10), {index: 0});
    assert.deepEqual(cursorReducer({index: 8}, {type: 'move', by: 5}, 10), {index: 9});
    assert.deepEqual(cursorReducer({index: 4}, {type: 'bottom'}, 10), {index: 9});
    assert.deepEqual(cursorReducer({index: 4}, {type: 'top'}, 10), {index: 0});
    assert.deepEqual(cursorReducer({index: 4}, {type: 'move', by: 1}, 0), {index: 0});
  });

  test('the window of rows keeps the cursor in view', () => {
    assert.equal(windowStart(0, 10, 10), 0);
    assert.equal(windowStart(9, 10, 6), 4);
    for (let index = 0; index < 10; index++) {
      const start = windowStart(index, 10, 4);
      assert.ok(index >= start && index < start + 4, `cursor ${index} outside ${start}..${start + 3}`);
      assert.ok(start >= 0 && start <= 6);
    }
  });
});
