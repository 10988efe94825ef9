import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {generateDataset, restoreDataset, snapshotDataset} from '../../source/simulator/dataset.js';
import {startSimulator} from '../../source/simulator/index.js';

const base = {users: 200, tokens: 5000, clientId: 'cid', clientName: 'Bot', referenceTime: Date.UTC(2026, 5, 1)};

describe('generated tenant', () => {
  test('the same seed gives identical users and tokens; another seed does not', () => {
    const a = generateDataset({...base, seed: 42});
    const b = generateDataset({...base, seed: 42});
    const c = generateDataset({...base, seed: 43});
    assert.deepEqual(a, b);
    assert.notDeepEqual(
      a.users.map((u) => u.id),
      c.users.map((u) => u.id),
    );
    assert.notDeepEqual(
      a.tokens.map((t) => t.id),
      c.tokens.map((t) => t.id),
    );
  });

  test('a featured user adds one named user with their tokens, and changes nobody else', () => {
    const plain = generateDataset({...base, seed: 7});
    const featured = generateDataset({
      ...base,
      seed: 7,
      featured: {name: 'Mallory Quinn', emailLocal: 'mallory.quinn', tokens: 57},
    });
    const mallory = featured.users.find((u) => u.name === 'Mallory Quinn');
    assert.ok(mallory);
    assert.equal(mallory.email, 'mallory.quinn@example.com');
    assert.equal(featured.tokens.filter((t) => t.userId === mallory.id).length, 57);
    assert.equal(featured.tokenCounts.get(mallory.id), 57);
    assert.deepEqual(
      featured.users.filter((u) => u.id !== mallory.id),
      plain.users,
    );
    assert.deepEqual(
      featured.tokens.filter((t) => t.userId !== mallory.id),
      plain.tokens,
    );
    const order = featured.tokens.map((t) => `${t.userId}/${t.id}`);
    assert.deepEqual(order, [...order].sort(), 'tokens stay in (userId, id) order');
  });

  test('ids and names do not depend on the reference time', () => {
    const a = generateDataset({...base, seed: 5});
    const b = generateDataset({...base, seed: 5, referenceTime: base.referenceTime + 86_400_000});
    assert.deepEqual(a.users, b.users);
    assert.deepEqual(
      a.tokens.map((t) => t.id),
      b.tokens.map((t) => t.id),
    );
  });

  test('two simulators with one seed serve the same tenant', async () => {
    const one = await startSimulator({seed: 9, users: 20, tokens: 300, referenceTime: base.referenceTime});
    const two = await startSimulator({seed: 9, users: 20, tokens: 300, referenceTime: base.referenceTime});
    try {
      assert.deepEqual(one.users(), two.users());
      assert.deepEqual(one.tokens(), two.tokens());
      assert.deepEqual(one.botUser, two.botUser);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });

  test('counts, the bot user, unique ids and e-mails', () => {
    const data = generateDataset({...base, seed: 1});
    assert.equal(data.users.length, 201);
    assert.equal(data.tokens.length, 5000);
    assert.equal(data.botUser.subject, 'qlikbot\\cid');
    assert.equal(data.botUser.clientId, 'cid');
    assert.equal(new Set(data.users.map((u) => u.id)).size, 201);
    assert.equal(new Set(data.tokens.map((t) => t.id)).size, 5000);
    const emails = data.users.flatMap((u) => (u.email ? [u.email] : []));
    assert.equal(new Set(emails).size, emails.length);
    for (const user of data.users) assert.match(user.id, /^[0-9a-f]{24}$/);
    for (const token of data.tokens) assert.match(token.id, /^[0-9a-f]{24}$/);
    assert.ok(emails.includes('zoe.angstrom@example.com'));
    assert.ok(data.users.some((u) => u.name === '李 伟'));
  });

  test('tokens are spread unevenly: some users none, some hundreds', () => {
    const data = generateDataset({...base, seed: 1});
    const counts = new Map<string, number>();
    for (const t of data.tokens) counts.set(t.userId, (counts.get(t.userId) ?? 0) + 1);
    const people = data.users.filter((u) => u.id !== data.botUser.id);
    const perUser = people.map((u) => counts.get(u.id) ?? 0);
    assert.ok(perUser.filter((n) => n === 0).length >= 10);
    assert.ok(Math.max(...perUser) >= 100);
    assert.equal(counts.get(data.botUser.id), undefined);
  });

  test('tokens are listed in (userId, id) order and carry realistic optional fields', () => {
    const data = generateDataset({...base, seed: 1});
    const keys = data.tokens.map((t) => `${t.userId}/${t.id}`);
    assert.deepEqual(keys, [...keys].sort());
    assert.ok(data.tokens.some((t) => t.description === null));
    assert.ok(data.tokens.some((t) => t.deviceType === null));
    assert.ok(data.tokens.some((t) => t.lastUsed === null));
    const ages = data.tokens.flatMap((t) => (t.lastUsed ? [base.referenceTime - Date.parse(t.lastUsed)] : []));
    assert.ok(ages.every((age) => age >= 0));
    assert.ok(Math.max(...ages) > 90 * 86_400_000, 'lastUsed spread over months');
    assert.ok(Math.min(...ages) < 86_400_000, 'some tokens used today');
  });

  test('tokens are made on first read, the same whenever that is, and counted without being made', async () => {
    const expected = generateDataset({...base, seed: 3}).tokens;
    const lazy = generateDataset({...base, seed: 3});
    const counts = new Map<string, number>();
    for (const t of expected) counts.set(t.userId, (counts.get(t.userId) ?? 0) + 1);
    assert.deepEqual(lazy.tokenCounts, counts);
    // Reading users and the bot first must not shift the random stream the tokens come from.
    assert.equal(lazy.users.length, 201);
    assert.deepEqual(lazy.tokens, expected);
    assert.equal(lazy.tokens, lazy.tokens, 'made once');

    // Through a running simulator: token counts before any listing, then requests that are not
    // token listings, then the tokens themselves.
    const sim = await startSimulator({seed: 3, users: 200, tokens: 5000, referenceTime: base.referenceTime});
    try {
      assert.deepEqual(sim.tokenCounts(), counts);
      const token = await fetch(`${sim.url}/oauth/token`, {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({
          client_id: sim.clientId,
          client_secret: sim.clientSecret,
          grant_type: 'client_credentials',
        }),
      }).then((r) => r.json() as Promise<{access_token: string}>);
      const users = await fetch(`${sim.url}/api/v1/users?limit=5`, {
        headers: {authorization: `Bearer ${token.access_token}`},
      });
      assert.equal(users.status, 200);
      assert.deepEqual(sim.tokens(), expected);
      assert.deepEqual(sim.tokenCounts(), counts);
    } finally {
      await sim.stop();
    }
  });

  test('a snapshot made ahead and passed through JSON restores the same tenant, tokens included', () => {
    const options = {...base, seed: 11, featured: {name: 'Mallory Quinn', emailLocal: 'mallory.quinn', tokens: 57}};
    const {referenceTime, ...ahead} = options;
    const snapshot = JSON.parse(JSON.stringify(snapshotDataset(ahead))) as ReturnType<typeof snapshotDataset>;
    const restored = restoreDataset(snapshot, referenceTime);
    const generated = generateDataset(options);
    assert.deepEqual(restored.users, generated.users);
    assert.deepEqual(restored.botUser, generated.botUser);
    assert.deepEqual(restored.tokenCounts, generated.tokenCounts);
    assert.equal(restored.tokens.length, 5057);
    assert.deepEqual(restored.tokens, generated.tokens);
  });

  test('a simulator serves a snapshot made for its options, and refuses one made for others', async () => {
    const options = {seed: 12, users: 20, tokens: 300, clientName: 'Bot'};
    const made = snapshotDataset({...options, clientId: 'sim-client-id'});
    const drawn = await startSimulator({...options, referenceTime: base.referenceTime});
    const ahead = await startSimulator({...options, referenceTime: base.referenceTime, dataset: made});
    try {
      assert.deepEqual(ahead.users(), drawn.users());
      assert.deepEqual(ahead.tokens(), drawn.tokens());
      assert.equal(ahead.featuredUser, undefined);
    } finally {
      await Promise.all([drawn.stop(), ahead.stop()]);
    }
    await assert.rejects(startSimulator({...options, tokens: 301, dataset: made}), /made for other options/);
    await assert.rejects(startSimulator({...options, clientId: 'other', dataset: made}), /made for other options/);
  });

  test('statuses are mostly active, with a few others', () => {
    const data = generateDataset({...base, seed: 1});
    const active = data.users.filter((u) => u.status === 'active').length;
    assert.ok(active > 150 && active < 201);
  });
});

describe('live activity', () => {
  test('a tick issues, uses or expires tokens, and the list reflects it', async () => {
    const sim = await startSimulator({users: 10, tokens: 50});
    try {
      const before = sim.tokens();
      let changed = false;
      for (let i = 0; i < 20 && !changed; i++) {
        const {issued, used, expired} = sim.tickLiveActivity();
        for (const t of issued) assert.equal(sim.hasToken(t.id), true);
        for (const id of expired) assert.equal(sim.hasToken(id), false);
        changed = issued.length + used.length + expired.length > 0;
      }
      assert.ok(changed);
      assert.notDeepEqual(sim.tokens(), before);
    } finally {
      await sim.stop();
    }
  });

  test('live: true changes the tenant on its own', async () => {
    const sim = await startSimulator({users: 10, tokens: 50, live: {intervalMs: 10}});
    try {
      const before = JSON.stringify(sim.tokens());
      for (let i = 0; i < 500 && JSON.stringify(sim.tokens()) === before; i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      assert.notEqual(JSON.stringify(sim.tokens()), before);
    } finally {
      await sim.stop();
    }
  });

  test('addUser and addToken extend the tenant', async () => {
    const sim = await startSimulator({users: 2, tokens: 0});
    try {
      const user = sim.addUser({name: 'Incident Target'});
      assert.equal(
        sim.users().some((u) => u.id === user.id && u.name === 'Incident Target'),
        true,
      );
      const token = sim.addToken(user.id, {description: 'stolen laptop'});
      assert.equal(token.userId, user.id);
      assert.match(token.id, /^[0-9a-f]{24}$/);
      assert.deepEqual(sim.tokens(), [token]);
      assert.throws(() => sim.addToken('000000000000000000000000'));
    } finally {
      await sim.stop();
    }
  });
});
