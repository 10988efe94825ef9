// revokeUserTokens, the library's entry point, on the simulator over HTTP: concurrent logouts on
// one client share its tier-2 budget (zero 429s from a tight tenant), the optional audit log, a
// cancel, a fixed concurrency, progress, and no file written by default.
import {after, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {scratchDir} from '../support/scratch.js';
import path from 'node:path';
import {createQlikClient, revokeUserTokens, type RevokeProgress} from '../../source/library/index.js';
import {startSimulator, type SimulatorOptions} from '../../source/simulator/index.js';

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function tenant(options: SimulatorOptions) {
  const sim = await startSimulator({users: 6, tokens: 90, seed: 4, ...options});
  const client = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret});
  cleanups.push(async () => {
    await client.close();
    await sim.stop();
  });
  const holders = [...sim.tokenCounts()].sort((a, b) => b[1] - a[1]);
  return {sim, client, holders};
}

describe('revokeUserTokens', () => {
  test('three logouts at once on one client share its tier-2 budget: zero 429s (three clients get some)', async () => {
    // 30 tier-2 requests per 600 ms, and 3 users holding more than that together: each run alone
    // would fit, together they fit only by sharing one limiter (the library keeps one per client).
    const tier2 = {limit: 30, windowMs: 600};
    // The tenant's clock runs `ahead` of the wall clock: moved on by a window below, not waited out.
    let ahead = 0;
    const {sim} = await tenant({rateLimits: {tier2}, latencyMs: 5, now: () => Date.now() + ahead});
    const users: Array<[string, number]> = [0, 1, 2].map((i) => {
      const user = sim.addUser({name: `Leaver ${i}`});
      for (let t = 0; t < 12; t++) sim.addToken(user.id);
      return [user.id, 12];
    });
    const credentials = {tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret};
    const shared = createQlikClient(credentials, {tier2});
    cleanups.push(() => shared.close());
    const results = await Promise.all(users.map(([userId]) => revokeUserTokens(shared, userId)));
    for (const [i, result] of results.entries()) {
      assert.equal(result.revoked.length, users[i]![1]);
      assert.deepEqual(result.failed, []);
    }
    assert.equal(sim.stats().rateLimited.tier2, 0, 'the tenant refused a request: the runs did not share');
    for (const [userId] of users) assert.ok(!sim.tokens().some((t) => t.userId === userId));

    // The control: a client each (a limiter each) on the same tenant and OAuth client, so the test
    // can fail. Fresh tokens for the same users, and a fresh window.
    for (const [userId, n] of users) for (let i = 0; i < n; i++) sim.addToken(userId);
    ahead += tier2.windowMs + 50;
    sim.resetStats();
    const separate = users.map(() => createQlikClient(credentials, {tier2}));
    cleanups.push(() => Promise.all(separate.map((c) => c.close())).then(() => {}));
    await Promise.all(users.map(([userId], i) => revokeUserTokens(separate[i]!, userId)));
    assert.ok(sim.stats().rateLimited.tier2 > 0, 'three separate limiters were never refused: the test proves nothing');
  });

  test('auditLog: every intent and outcome in the file; without it, no file anywhere', async () => {
    const {sim, client, holders} = await tenant({});
    const dir = scratchDir('qlik-tokens-lib-audit-');
    const file = path.join(dir, 'revocations.jsonl');
    const [userId, count] = holders[0]!;
    const progress: RevokeProgress[] = [];
    const result = await revokeUserTokens(client, userId, {auditLog: file, onProgress: (p) => progress.push(p)});
    assert.equal(result.revoked.length, count);
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as {type: string; tokenId?: string; outcome?: string});
    assert.equal(lines.filter((l) => l.type === 'intent').length, count);
    assert.deepEqual(
      lines
        .filter((l) => l.type === 'outcome')
        .map((l) => l.tokenId)
        .sort(),
      [...result.revoked].sort(),
    );
    assert.deepEqual(
      progress.map((p) => p.done),
      Array.from({length: count}, (_, i) => i + 1),
    );

    const home = scratchDir('qlik-tokens-lib-home-');
    const saved = process.env.QLIK_TOKENS_HOME;
    process.env.QLIK_TOKENS_HOME = home;
    try {
      const [other, otherCount] = holders[1]!;
      const plain = await revokeUserTokens(client, other);
      assert.equal(plain.revoked.length, otherCount);
      assert.deepEqual(readdirSync(home), [], 'the default wrote into the tool home');
    } finally {
      if (saved === undefined) delete process.env.QLIK_TOKENS_HOME;
      else process.env.QLIK_TOKENS_HOME = saved;
    }
    assert.ok(!existsSync(path.join(dir, 'audit.jsonl')));
    assert.ok(sim.tokens().length > 0);
  });

  test('a signal aborted mid-run: cancelled, the untried tokens failed and still there, the rest revoked', async () => {
    const {sim, client, holders} = await tenant({latencyMs: 30});
    const [userId, count] = holders[0]!;
    const controller = new AbortController();
    const result = await revokeUserTokens(client, userId, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: (p) => p.done === 3 && controller.abort(),
    });
    assert.equal(result.cancelled, true);
    assert.ok(result.revoked.length >= 3 && result.revoked.length < count, `${result.revoked.length} revoked`);
    assert.equal(result.revoked.length + result.failed.length + result.alreadyGone.length, count);
    for (const {id, error} of result.failed) {
      assert.ok(sim.hasToken(id), `${id} failed but is gone`);
      assert.match(error, /cancel/);
    }
    for (const id of result.revoked) assert.equal(sim.hasToken(id), false);
  });

  test('bad credentials reject with a QlikError of kind auth, nothing revoked; a blank user is refused', async () => {
    const {sim, holders} = await tenant({});
    const wrong = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: 'nope'});
    cleanups.push(() => wrong.close());
    const before = sim.tokens().length;
    await assert.rejects(revokeUserTokens(wrong, holders[0]![0]), (error: {kind?: string; message: string}) => {
      assert.equal(error.kind, 'auth');
      assert.doesNotMatch(error.message, /nope/);
      return true;
    });
    assert.equal(sim.tokens().length, before);
    await assert.rejects(revokeUserTokens(wrong, '  '), TypeError);
  });
});
