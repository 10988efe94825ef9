// The watch after a bulk run, against the simulator over real HTTP: a 15-minute watch on the
// virtual clock (minutes of listing in a second of real time, tokens minted between listings), and
// one in real time against a live session minting tokens on its own.
import {after, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import {scratchDir} from '../support/scratch.js';
import path from 'node:path';
import {createQlikClient} from '../../source/qlik/client.js';
import type {QlikApi} from '../../source/qlik/types.js';
import {
  emptyWatchProgress,
  revokeTokens,
  watchInterval,
  watchProgressStep,
  watchUserTokens,
  type WatchEvent,
} from '../../source/revoke/index.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {virtualClock} from './virtual-clock.js';

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function tenant(
  options: Parameters<typeof startSimulator>[0],
): Promise<{sim: Simulator; client: QlikApi; auditFile: string}> {
  const sim = await startSimulator({port: 0, ...options});
  const client = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret});
  cleanups.push(async () => {
    await client.close();
    await sim.stop();
  });
  return {sim, client, auditFile: path.join(scratchDir('qlik-tokens-watch-'), 'audit.jsonl')};
}

/** The user with the most tokens (other than the bot). */
function busiest(sim: Simulator): string {
  return [...sim.tokenCounts().entries()].filter(([id]) => id !== sim.botUser.id).sort((a, b) => b[1] - a[1])[0]![0];
}

const route = (sim: Simulator, name: string): number => sim.stats().byRoute[name] ?? 0;
const LIST = 'GET /api/v1/oauth-tokens';
const DELETE = 'DELETE /api/v1/oauth-tokens/{id}';

type AuditLine = {type: string; tokenId: string; userId: string | null; outcome?: string};
const auditLines = (file: string): AuditLine[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditLine);

describe('watchUserTokens', () => {
  test('15 minutes on the virtual clock: every token minted meanwhile is revoked, one listing every 3 s', async () => {
    const {sim, client, auditFile} = await tenant({users: 6, tokens: 40, seed: 11, rateLimits: false});
    const userId = busiest(sim);
    const bulk = await revokeTokens({client, userId, all: true, audit: {profile: 'test', file: auditFile}});
    assert.equal(bulk.counts.revoked, bulk.counts.total);
    const others = sim.tokens().filter((t) => t.userId !== userId).length;
    const clock = virtualClock();
    const minted: string[] = [];
    const events: WatchEvent[] = [];
    let progress = emptyWatchProgress();
    sim.resetStats();
    const result = await watchUserTokens({
      client,
      userId,
      durationMs: 15 * 60_000,
      audit: {profile: 'test', file: auditFile},
      known: bulk.outcomes.map((o) => o.tokenId),
      clock,
      onEvent: (event) => {
        events.push(event);
        progress = watchProgressStep(progress, event);
        // A session that mints a token between every 7th and 8th listing, two at a time now and then.
        if (event.type === 'listed' && progress.polls % 7 === 0 && progress.polls < 300)
          for (let i = 0; i < (progress.polls % 21 === 0 ? 2 : 1); i++) minted.push(sim.addToken(userId).id);
      },
    });
    assert.equal(result.endedBy, 'duration');
    assert.ok(minted.length >= 40, `minted ${minted.length}`);
    assert.deepEqual(
      result.outcomes.map((o) => o.tokenId).sort(),
      [...minted].sort(),
      'the watch revoked exactly the minted tokens',
    );
    assert.ok(result.outcomes.every((o) => o.outcome === 'revoked' && o.userId === userId));
    assert.deepEqual(result.remaining, []);
    assert.equal(sim.tokens().filter((t) => t.userId === userId).length, 0);
    assert.equal(sim.tokens().filter((t) => t.userId !== userId).length, others, 'another user lost a token');
    // 15 minutes at one listing every 3 s, plus the last one at the end: 301 listings of one page.
    assert.equal(result.polls, 301);
    assert.equal(route(sim, LIST), 301);
    assert.equal(route(sim, DELETE), minted.length);
    assert.equal(sim.stats().rateLimited.tier1 + sim.stats().rateLimited.tier2, 0);
    // The events a UI draws from.
    assert.equal(progress.seen, minted.length);
    assert.equal(progress.revoked, minted.length);
    assert.equal(progress.done, true);
    assert.equal(events.filter((e) => e.type === 'found').length, 42);
    // Every watch revocation is in the audit log: its intent before the DELETE, then its outcome.
    const lines = auditLines(auditFile).filter((line) => minted.includes(line.tokenId));
    for (const id of minted) {
      const mine = lines.filter((line) => line.tokenId === id).map((line) => `${line.type}:${line.outcome ?? ''}`);
      assert.deepEqual(mine, ['intent:', 'outcome:revoked']);
    }
  });

  test('a big user is listed less often (each page is a request), within a tenth of tier 1', async () => {
    assert.equal(watchInterval(1), 3000);
    assert.equal(watchInterval(5), 3000);
    assert.equal(watchInterval(10), 6000);
    const {sim, client, auditFile} = await tenant({users: 2, tokens: 0, seed: 3, rateLimits: false});
    const user = sim.users().find((u) => u.id !== sim.botUser.id)!;
    // 950 tokens the bulk run failed on (say): ten pages a listing, never sent a DELETE by the watch.
    const stuck = Array.from({length: 950}, () => sim.addToken(user.id).id);
    sim.resetStats();
    const result = await watchUserTokens({
      client,
      userId: user.id,
      durationMs: 60_000,
      audit: {profile: 'test', file: auditFile},
      known: stuck,
      clock: virtualClock(),
    });
    assert.equal(route(sim, DELETE), 0, 'a token the bulk run dealt with was sent again');
    // One listing every 6 s for a minute, the last at the end: 11 listings of 10 pages.
    assert.equal(result.polls, 11);
    assert.ok(route(sim, LIST) <= 110 + 10, `${route(sim, LIST)} requests in a minute`);
    assert.equal(result.remaining?.length, 950);
  });

  test('a tenant that ignores the user filter: other users are reported, never sent a DELETE', async () => {
    const {sim, client, auditFile} = await tenant({users: 5, tokens: 30, seed: 4, rateLimits: false});
    const userId = busiest(sim);
    const theirs = sim.tokens().filter((t) => t.userId !== userId);
    sim.inject({kind: 'filter-ignored', times: Number.POSITIVE_INFINITY});
    const clock = virtualClock();
    let minted = '';
    const result = await watchUserTokens({
      client,
      userId,
      durationMs: 10_000,
      audit: {profile: 'test', file: auditFile},
      known: sim
        .tokens()
        .filter((t) => t.userId === userId)
        .map((t) => t.id),
      clock,
      onEvent: (event) => {
        if (event.type === 'listed' && !minted) minted = sim.addToken(userId).id;
      },
    });
    assert.deepEqual(
      result.outcomes.map((o) => o.tokenId),
      [minted],
    );
    for (const token of theirs) assert.equal(sim.hasToken(token.id), true, 'revoked a token of another user');
    assert.equal(result.foreign.length, theirs.length);
  });

  test('the signal ends it with a summary; an audit log that cannot be written stops it before any DELETE', async () => {
    const {sim, client, auditFile} = await tenant({users: 3, tokens: 6, seed: 8, rateLimits: false});
    const userId = busiest(sim);
    const controller = new AbortController();
    const cancelled = await watchUserTokens({
      client,
      userId,
      durationMs: 3_600_000,
      audit: {profile: 'test', file: auditFile},
      known: sim.tokens().map((t) => t.id),
      clock: virtualClock(),
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'listed' && event.at > 0) controller.abort();
      },
    });
    assert.equal(cancelled.endedBy, 'cancelled');
    assert.equal(cancelled.polls, 1);

    const blocked = path.join(path.dirname(auditFile), 'not-a-dir');
    writeFileSync(blocked, '');
    sim.addToken(userId);
    const before = route(sim, DELETE);
    const stopped = await watchUserTokens({
      client,
      userId,
      durationMs: 60_000,
      audit: {profile: 'test', file: path.join(blocked, 'audit.jsonl')},
      clock: virtualClock(),
    });
    assert.equal(stopped.endedBy, 'stopped');
    assert.equal(stopped.stopped?.kind, 'audit');
    assert.equal(route(sim, DELETE), before, 'a DELETE went out without its intent on disk');
    assert.ok(stopped.outcomes.length > 0 && stopped.outcomes.every((o) => o.outcome === 'not-tried'));
  });

  test('real time, a live session minting every 150 ms: each minted token is revoked within a listing or two', async () => {
    const probe = await startSimulator({users: 4, tokens: 12, seed: 6});
    const userId = busiest(probe);
    await probe.stop();
    const {sim, client, auditFile} = await tenant({
      users: 4,
      tokens: 12,
      seed: 6,
      mint: {userId, everyMs: 150},
    });
    const result = await watchUserTokens({
      client,
      userId,
      durationMs: 2000,
      intervalMs: 250,
      audit: {profile: 'test', file: auditFile},
    });
    assert.equal(result.endedBy, 'duration');
    const minted = sim.minted();
    assert.ok(minted.length >= 8, `minted ${minted.length}`);
    const revoked = new Set(result.outcomes.filter((o) => o.outcome === 'revoked').map((o) => o.tokenId));
    // Every token minted before the last listing was found and revoked; the rest is `remaining`.
    const remaining = new Set(result.remaining?.map((t) => t.id));
    for (const entry of minted) {
      if (revoked.has(entry.id)) assert.ok(entry.goneAt !== undefined && entry.goneAt >= entry.mintedAt);
      else assert.ok(remaining.has(entry.id) || sim.hasToken(entry.id), `minted token ${entry.id} unaccounted for`);
    }
    assert.ok(revoked.size >= minted.length - 2, `${revoked.size} of ${minted.length} revoked`);
  });
});
