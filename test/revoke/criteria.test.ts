// Which tokens --unused-for, --device and --description pick: pure, no tenant needed.
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {QlikToken} from '../../source/qlik/types.js';
import {describeCriteria, hasCriteria, matchesCriteria, selectTokens} from '../../source/revoke/index.js';
import {formatDuration, parseDuration} from '../../source/text/duration.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const token = (id: string, extra: Partial<QlikToken> = {}): QlikToken => ({id, userId: 'u1', tenantId: 't', ...extra});
const ago = (days: number): string => new Date(NOW - days * DAY).toISOString();

describe('token criteria', () => {
  test('--unused-for: lastUsed older than the duration, or none at all; a lastUsed that is no date picks nothing', () => {
    const tokens = [
      token('old', {lastUsed: ago(91)}),
      token('recent', {lastUsed: ago(3)}),
      token('edge', {lastUsed: ago(90)}), // exactly 90 days: not older than 90 days
      token('never-null', {lastUsed: null}),
      token('never-absent'),
      token('never-empty', {lastUsed: ''}),
      token('garbage', {lastUsed: 'yesterday-ish'}),
      token('future', {lastUsed: new Date(NOW + DAY).toISOString()}),
    ];
    assert.deepEqual(
      selectTokens(tokens, {unusedForMs: 90 * DAY}, NOW).map((t) => t.id),
      ['old', 'never-null', 'never-absent', 'never-empty'],
    );
  });

  test('--device equals ignoring case; --description contains ignoring case; together all must hold', () => {
    const tokens = [
      token('a', {deviceType: 'Laptop', description: 'CI runner (nightly)', lastUsed: ago(200)}),
      token('b', {deviceType: 'laptop', description: 'my laptop', lastUsed: ago(1)}),
      token('c', {deviceType: 'Laptop-X', description: null}),
      token('d', {deviceType: null, description: 'ci'}),
      token('e', {description: 'İstanbul CI'}),
    ];
    assert.deepEqual(
      selectTokens(tokens, {deviceType: 'LAPTOP'}, NOW).map((t) => t.id),
      ['a', 'b'],
    );
    assert.deepEqual(
      selectTokens(tokens, {description: 'ci'}, NOW).map((t) => t.id),
      ['a', 'd', 'e'],
    );
    assert.deepEqual(
      selectTokens(tokens, {deviceType: 'laptop', description: 'Ci', unusedForMs: 30 * DAY}, NOW).map((t) => t.id),
      ['a'],
    );
    assert.equal(matchesCriteria(tokens[2]!, {description: ''}, NOW), false, 'no description contains nothing');
  });

  test('no criteria picks every token; descriptions quote the criteria back', () => {
    const tokens = [token('a'), token('b')];
    assert.equal(hasCriteria({}), false);
    assert.equal(selectTokens(tokens, {}, NOW).length, 2);
    assert.equal(
      describeCriteria({unusedForMs: 90 * DAY, deviceType: 'Phone', description: 'ci'}),
      'unused for 90d · device Phone · description contains "ci"',
    );
  });

  test('durations: a number and one of the units asked for, else nothing; quoted back in the largest units', () => {
    const units = ['s', 'm', 'h', 'd', 'w'] as const;
    assert.equal(parseDuration('90d', units), 90 * DAY);
    assert.equal(parseDuration(' 1.5h ', units), 5_400_000);
    assert.equal(parseDuration('2W', units), 14 * DAY);
    assert.equal(parseDuration('500ms', units), undefined, 'ms is not one of the units asked for');
    for (const bad of ['', '90', 'd', '90 days', '-1d', '1y', '1e3s'])
      assert.equal(parseDuration(bad, units), undefined, bad);
    assert.equal(formatDuration(90 * DAY), '90d');
    assert.equal(formatDuration(14 * DAY), '14d');
    assert.equal(formatDuration(DAY), '24h', 'one day is said in hours');
    assert.equal(formatDuration(36 * 3_600_000), '36h');
    assert.equal(formatDuration(5_400_000), '1h30m');
    assert.equal(formatDuration(90_000), '1m30s');
  });
});
