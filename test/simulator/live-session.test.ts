// A live session at the identity provider: the simulator mints tokens for one user at an interval,
// over real HTTP, and remembers when each was minted and when it went.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {accessToken, api} from './sim-http.js';

async function listIds(sim: Simulator, token: string, userId: string): Promise<string[]> {
  const res = await api(sim, token, `/api/v1/oauth-tokens?userId=${userId}&limit=100`);
  assert.equal(res.status, 200);
  return (res.body.data as Array<{id: string; userId: string}>).map((t) => {
    assert.equal(t.userId, userId);
    return t.id;
  });
}

describe('simulator: a live session minting tokens for one user', () => {
  let sim: Simulator;
  let token: string;
  let userId: string;
  before(async () => {
    const probe = await startSimulator({users: 8, tokens: 40, seed: 5, rateLimits: false});
    userId = probe.users().find((u) => u.id !== probe.botUser.id)!.id;
    await probe.stop();
    sim = await startSimulator({users: 8, tokens: 40, seed: 5, rateLimits: false, mint: {userId, everyMs: 40}});
    token = await accessToken(sim);
  });
  after(() => sim.stop());

  test('mints for that user only, at the interval, seen in the listing', async () => {
    const others = sim.tokens().filter((t) => t.userId !== userId).length;
    const first = await listIds(sim, token, userId);
    const already = sim.minted().length;
    await sim.untilMinted((minted) => minted.length >= already + 3);
    assert.ok((await listIds(sim, token, userId)).length >= first.length + 3, 'the listing shows the minted tokens');
    assert.equal(sim.tokens().filter((t) => t.userId !== userId).length, others, 'another user got a token');
    const minted = sim.minted();
    assert.ok(minted.length >= 3);
    for (const entry of minted) {
      assert.equal(entry.userId, userId);
      assert.ok(entry.mintedAt <= Date.now());
    }
  });

  test('a revoked minted token is remembered with the time it went; the session goes on minting', async () => {
    const victim = sim.minted().find((m) => m.goneAt === undefined)!;
    const res = await api(sim, token, `/api/v1/oauth-tokens/${victim.id}`, {method: 'DELETE'});
    assert.equal(res.status, 204);
    const gone = sim.minted().find((m) => m.id === victim.id)!;
    assert.ok(gone.goneAt !== undefined && gone.goneAt >= gone.mintedAt);
    const count = sim.minted().length;
    await sim.untilMinted((minted) => minted.length > count);
  });

  test('startMinting on a running simulator, and its stop', async () => {
    const other = sim.users().find((u) => u.id !== sim.botUser.id && u.id !== userId)!;
    const stop = sim.startMinting({userId: other.id, everyMs: 30});
    await sim.untilMinted((minted) => minted.some((m) => m.userId === other.id));
    stop();
    const count = sim.minted().filter((m) => m.userId === other.id).length;
    // The first user's session still mints: once it has minted twice more, the stopped one had its chances.
    const mine = sim.minted().filter((m) => m.userId === userId).length;
    await sim.untilMinted((minted) => minted.filter((m) => m.userId === userId).length >= mine + 2);
    assert.equal(sim.minted().filter((m) => m.userId === other.id).length, count, 'a stopped session minted');
  });

  test('an unknown user is refused', async () => {
    assert.throws(() => sim.startMinting({userId: 'no-such-user', everyMs: 100}), /no user/);
  });
});
