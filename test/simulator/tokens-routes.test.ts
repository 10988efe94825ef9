import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {accessToken, allPages, api, assertQlikError, type WireJson} from './sim-http.js';

const ids = (pages: WireJson[][]): string[] => pages.flat().map((t) => t.id);

describe('GET /api/v1/oauth-tokens', () => {
  let sim: Simulator;
  let token: string;
  before(async () => {
    sim = await startSimulator({users: 30, tokens: 537});
    token = await accessToken(sim);
  });
  after(() => sim.stop());

  test('pages through the whole tenant in userId order, every token once', async () => {
    const pages = await allPages(sim, token, '/api/v1/oauth-tokens?limit=100');
    assert.deepEqual(
      pages.map((p) => p.length),
      [100, 100, 100, 100, 100, 37],
    );
    assert.deepEqual(
      ids(pages),
      sim.tokens().map((t) => t.id),
    );
    const userIds = pages.flat().map((t) => t.userId as string);
    assert.deepEqual(userIds, [...userIds].sort());
  });

  test('token objects carry the contract fields', async () => {
    const res = await api(sim, token, '/api/v1/oauth-tokens?limit=100');
    for (const t of res.body.data) {
      assert.match(t.id, /^[0-9a-f]{24}$/);
      assert.equal(typeof t.tenantId, 'string');
      assert.equal(typeof t.userId, 'string');
      assert.ok(t.lastUsed === null || !Number.isNaN(Date.parse(t.lastUsed)));
      assert.ok('description' in t && 'deviceType' in t);
    }
  });

  test('the next href is absolute and carries limit and userId', async () => {
    const busiest = mostTokens(sim);
    const res = await api(sim, token, `/api/v1/oauth-tokens?userId=${busiest.userId}&limit=3`);
    assert.equal(res.body.links.self.href, `${sim.url}/api/v1/oauth-tokens?userId=${busiest.userId}&limit=3`);
    const next = new URL(res.body.links.next.href);
    assert.equal(next.origin, sim.url);
    assert.equal(next.pathname, '/api/v1/oauth-tokens');
    assert.equal(next.searchParams.get('userId'), busiest.userId);
    assert.equal(next.searchParams.get('limit'), '3');
    assert.ok(next.searchParams.get('page'));
  });

  test('userId restricts the listing to one user, across pages', async () => {
    const busiest = mostTokens(sim);
    const pages = await allPages(sim, token, `/api/v1/oauth-tokens?userId=${busiest.userId}&limit=7`);
    assert.deepEqual(
      ids(pages),
      sim
        .tokens()
        .filter((t) => t.userId === busiest.userId)
        .map((t) => t.id),
    );
    assert.equal(pages.flat().length, busiest.count);
  });

  test('a user without tokens gets an empty page and no next', async () => {
    const res = await api(sim, token, `/api/v1/oauth-tokens?userId=${sim.botUser.id}&limit=10`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.data, []);
    assert.equal(res.body.links.next, undefined);
  });

  test('prev links lead back to the previous page', async () => {
    const one = await api(sim, token, '/api/v1/oauth-tokens?limit=50');
    assert.equal(one.body.links.prev, undefined);
    const two = await api(sim, token, one.body.links.next.href);
    const back = await api(sim, token, two.body.links.prev.href);
    assert.deepEqual(
      back.body.data.map((t: WireJson) => t.id),
      one.body.data.map((t: WireJson) => t.id),
    );
  });

  for (const limit of ['0', '101', '-1', '1.5', 'all']) {
    test(`limit=${limit} is a 400`, async () => {
      const res = await api(sim, token, `/api/v1/oauth-tokens?limit=${limit}`);
      assert.equal(res.status, 400);
      assertQlikError(res.body, 400);
    });
  }

  test('limits 1 and 100 are accepted; no limit means 20', async () => {
    assert.equal((await api(sim, token, '/api/v1/oauth-tokens?limit=1')).body.data.length, 1);
    assert.equal((await api(sim, token, '/api/v1/oauth-tokens?limit=100')).body.data.length, 100);
    assert.equal((await api(sim, token, '/api/v1/oauth-tokens')).body.data.length, 20);
  });

  test('sort accepts only userId', async () => {
    assert.equal((await api(sim, token, '/api/v1/oauth-tokens?limit=5&sort=userId')).status, 200);
    assert.equal((await api(sim, token, '/api/v1/oauth-tokens?limit=5&sort=%2BuserId')).status, 200);
    const bad = await api(sim, token, '/api/v1/oauth-tokens?limit=5&sort=lastUsed');
    assert.equal(bad.status, 400);
    assertQlikError(bad.body, 400);
  });

  test('a garbage or tampered page cursor is a 400', async () => {
    assert.equal((await api(sim, token, '/api/v1/oauth-tokens?limit=5&page=garbage')).status, 400);
    const first = await api(sim, token, '/api/v1/oauth-tokens?limit=5');
    const cursor = new URL(first.body.links.next.href).searchParams.get('page')!;
    const tampered = (cursor[0] === 'A' ? 'B' : 'A') + cursor.slice(1);
    assert.equal(
      (await api(sim, token, `/api/v1/oauth-tokens?limit=5&page=${encodeURIComponent(tampered)}`)).status,
      400,
    );
    const usersCursor = new URL((await api(sim, token, '/api/v1/users?limit=5')).body.links.next.href).searchParams.get(
      'next',
    )!;
    assert.equal(
      (await api(sim, token, `/api/v1/oauth-tokens?limit=5&page=${encodeURIComponent(usersCursor)}`)).status,
      400,
    );
  });
});

describe('the last page of oauth-tokens', () => {
  const expectations = {
    omit: (links: WireJson) => assert.equal('next' in links, false),
    null: (links: WireJson) => assert.deepEqual(links.next, {href: null}),
    empty: (links: WireJson) => assert.deepEqual(links.next, {href: ''}),
  } as const;
  for (const form of ['omit', 'null', 'empty'] as const) {
    test(`lastPageNext '${form}'`, async () => {
      const sim = await startSimulator({users: 4, tokens: 25, lastPageNext: form});
      try {
        const token = await accessToken(sim);
        const first = await api(sim, token, '/api/v1/oauth-tokens?limit=20');
        assert.ok(first.body.links.next.href);
        const last = await api(sim, token, first.body.links.next.href);
        assert.equal(last.body.data.length, 5);
        expectations[form](last.body.links);
      } finally {
        await sim.stop();
      }
    });
  }
});

describe('cursor stability under change', () => {
  test('tokens added and removed between pages: no existing token is skipped or repeated', async () => {
    const sim = await startSimulator({users: 20, tokens: 400, seed: 7});
    try {
      const token = await accessToken(sim);
      const before = new Set(sim.tokens().map((t) => t.id));
      const removed = new Set<string>();
      const users = sim.users().filter((u) => u.id !== sim.botUser.id);
      const pages = await allPages(sim, token, '/api/v1/oauth-tokens?limit=25', (_pageIndex, page) => {
        // Between pages: new tokens early and late in the order, and the next token due to be
        // listed goes away — what makes offset pagination repeat or skip.
        sim.addToken(users[0]!.id);
        sim.addToken(users.at(-1)!.id);
        const all = sim.tokens();
        const lastListed = all.findIndex((t) => t.id === page.at(-1)?.id);
        const victim = lastListed >= 0 ? all[lastListed + 1] : undefined;
        if (victim) {
          removed.add(victim.id);
          assert.equal(sim.removeToken(victim.id), true);
        }
      });
      const listed = ids(pages);
      assert.equal(new Set(listed).size, listed.length, 'a token was listed twice');
      for (const id of before) {
        if (!removed.has(id)) assert.ok(listed.includes(id), `existing token ${id} was skipped`);
      }
    } finally {
      await sim.stop();
    }
  });

  test('live activity during a listing repeats nothing', async () => {
    const sim = await startSimulator({users: 20, tokens: 300, seed: 3});
    try {
      const token = await accessToken(sim);
      const pages = await allPages(sim, token, '/api/v1/oauth-tokens?limit=10', () => {
        for (let i = 0; i < 5; i++) sim.tickLiveActivity();
      });
      const listed = ids(pages);
      assert.equal(new Set(listed).size, listed.length);
    } finally {
      await sim.stop();
    }
  });
});

describe('DELETE /api/v1/oauth-tokens/{id}', () => {
  let sim: Simulator;
  let token: string;
  before(async () => {
    sim = await startSimulator({users: 10, tokens: 60});
    token = await accessToken(sim);
  });
  after(() => sim.stop());

  test('204 with an empty body, then 404, and the token is gone from the list', async () => {
    const victim = sim.tokens()[5]!;
    const res = await fetch(`${sim.url}/api/v1/oauth-tokens/${victim.id}`, {
      method: 'DELETE',
      headers: {authorization: `Bearer ${token}`},
    });
    assert.equal(res.status, 204);
    assert.equal(await res.text(), '');
    assert.equal(sim.hasToken(victim.id), false);
    const again = await api(sim, token, `/api/v1/oauth-tokens/${victim.id}`, {method: 'DELETE'});
    assert.equal(again.status, 404);
    assertQlikError(again.body, 404);
    const list = await api(sim, token, `/api/v1/oauth-tokens?userId=${victim.userId}&limit=100`);
    assert.equal(
      list.body.data.some((t: WireJson) => t.id === victim.id),
      false,
    );
  });

  test('an unknown id is a 404', async () => {
    const res = await api(sim, token, '/api/v1/oauth-tokens/000000000000000000000000', {method: 'DELETE'});
    assert.equal(res.status, 404);
  });

  test("without admin_classic: only own tokens listed, another user's token is 403", async () => {
    const plain = await accessToken(sim, 'user_default');
    const own = sim.addToken(sim.botUser.id, {description: 'bot session'});
    const list = await api(sim, plain, '/api/v1/oauth-tokens?limit=100');
    assert.deepEqual(
      list.body.data.map((t: WireJson) => t.id),
      [own.id],
    );
    const other = sim.tokens().find((t) => t.userId !== sim.botUser.id)!;
    const filtered = await api(sim, plain, `/api/v1/oauth-tokens?userId=${other.userId}&limit=100`);
    assert.deepEqual(filtered.body.data, []);
    const forbidden = await api(sim, plain, `/api/v1/oauth-tokens/${other.id}`, {method: 'DELETE'});
    assert.equal(forbidden.status, 403);
    assertQlikError(forbidden.body, 403);
    assert.equal(sim.hasToken(other.id), true);
    const mine = await api(sim, plain, `/api/v1/oauth-tokens/${own.id}`, {method: 'DELETE'});
    assert.equal(mine.status, 204);
  });
});

function mostTokens(sim: Simulator): {userId: string; count: number} {
  const counts = new Map<string, number>();
  for (const t of sim.tokens()) counts.set(t.userId, (counts.get(t.userId) ?? 0) + 1);
  const [userId, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  return {userId, count};
}
