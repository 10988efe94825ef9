import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {countOutcomes, explainCounts, type RevokeResult, type TokenOutcome} from '../../source/revoke/index.js';

function result(outcomes: TokenOutcome[], extra: Partial<RevokeResult> = {}): RevokeResult {
  return {
    outcomes,
    foreign: [],
    dropped: 0,
    cancelled: false,
    durationMs: 0,
    counts: countOutcomes(outcomes),
    ...extra,
  };
}
const o = (outcome: TokenOutcome['outcome'], i: number): TokenOutcome => ({tokenId: `t${i}`, outcome, attempts: 1});

describe('explainCounts', () => {
  test('"Type 341" then "340 revoked" says "1 was already gone"', () => {
    const outcomes = [...Array.from({length: 340}, (_, i) => o('revoked', i)), o('already-gone', 340)];
    const {headline, reasons} = explainCounts(result(outcomes, {userId: 'U'}), {confirmed: 341});
    assert.equal(headline, '340 revoked · 1 already gone · 0 failed');
    assert.equal(reasons.length, 1);
    assert.match(reasons[0]!, /^1 was already gone: /);
  });

  test('more or fewer tokens than confirmed, not found, not tried, duplicates, other users, settled', () => {
    const outcomes = [o('revoked', 0), o('not-found', 1), o('not-found', 2), o('not-tried', 3), o('failed', 4)];
    const {headline, reasons} = explainCounts(
      result(outcomes, {
        cancelled: true,
        dropped: 2,
        foreign: [{tokenId: 'x', userId: 'V'}],
        settled: {revoked: ['a'], notRevoked: []},
      }),
      {confirmed: 3, userLabel: 'Ann'},
    );
    assert.equal(headline, '1 revoked · 0 already gone · 2 not found · 1 failed · 1 not tried');
    assert.deepEqual(
      reasons.map((r) => r.split(':')[0]),
      [
        '2 tokens more than the 3 confirmed',
        '2 not found',
        '1 failed',
        '1 not tried',
        '2 token IDs given twice or blank, counted once',
        'the tenant returned 1 token of other users than Ann',
        '1 token an earlier run sent without recording the answer',
      ],
    );
    assert.match(reasons[3]!, /cancelled/);
  });

  test('a run where everything asked for was revoked needs no explanation', () => {
    assert.deepEqual(explainCounts(result([o('revoked', 0), o('revoked', 1)]), {confirmed: 2}).reasons, []);
  });
});
