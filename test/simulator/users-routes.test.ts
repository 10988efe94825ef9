import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {accessToken, allPages, api, assertQlikError, type WireJson} from './sim-http.js';

describe('users endpoints', () => {
  let sim: Simulator;
  let token: string;
  before(async () => {
    sim = await startSimulator({users: 57, tokens: 100, clientId: 'my-client', clientName: 'Token Janitor'});
    token = await accessToken(sim);
  });
  after(() => sim.stop());

  test('/users/me answers 301 to the bot user', async () => {
    const res = await api(sim, token, '/api/v1/users/me');
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), `/api/v1/users/${sim.botUser.id}`);
  });

  test('following the redirect gives the bot user', async () => {
    const res = await fetch(`${sim.url}/api/v1/users/me`, {headers: {authorization: `Bearer ${token}`}});
    assert.equal(res.status, 200);
    const me = (await res.json()) as WireJson;
    assert.equal(me.id, sim.botUser.id);
    assert.equal(me.subject, 'qlikbot\\my-client');
    assert.equal(me.name, 'Token Janitor');
    assert.equal(me.clientId, 'my-client');
    assert.equal(me.links.self.href, `${sim.url}/api/v1/users/${sim.botUser.id}`);
  });

  test('an unknown user is a 404 with a Qlik body', async () => {
    const res = await api(sim, token, '/api/v1/users/ffffffffffffffffffffffff');
    assert.equal(res.status, 404);
    assertQlikError(res.body, 404);
    assert.equal(res.body.errors[0].code, 'USERS-7');
  });

  test('default page is 20 sorted by name, and the cursors walk every user once', async () => {
    const first = await api(sim, token, '/api/v1/users');
    assert.equal(first.status, 200);
    assert.equal(first.body.data.length, 20);
    assert.equal(first.body.links.self.href, `${sim.url}/api/v1/users`);
    assert.equal(first.body.links.prev, undefined);
    assert.ok(first.body.links.next.href.startsWith(`${sim.url}/api/v1/users?`));

    const pages = await allPages(sim, token, '/api/v1/users?limit=7');
    const names = pages.flat().map((u) => u.name.toLowerCase());
    assert.equal(names.length, 58);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    assert.equal(new Set(pages.flat().map((u) => u.id)).size, 58);
  });

  test('prev walks back to the same pages', async () => {
    const one = await api(sim, token, '/api/v1/users?limit=10&sort=-email');
    const two = await api(sim, token, one.body.links.next.href);
    const three = await api(sim, token, two.body.links.next.href);
    const backToTwo = await api(sim, token, three.body.links.prev.href);
    assert.deepEqual(
      backToTwo.body.data.map((u: WireJson) => u.id),
      two.body.data.map((u: WireJson) => u.id),
    );
    const backToOne = await api(sim, token, backToTwo.body.links.prev.href);
    assert.deepEqual(
      backToOne.body.data.map((u: WireJson) => u.id),
      one.body.data.map((u: WireJson) => u.id),
    );
    assert.equal(backToOne.body.links.prev, undefined);
  });

  test('sort by createdAt descending, with a "+" that arrived as a space ascending', async () => {
    const desc = (await allPages(sim, token, '/api/v1/users?limit=100&sort=-createdAt')).flat();
    const times = desc.map((u) => u.createdAt as string);
    assert.deepEqual(times, [...times].sort().reverse());
    const asc = await api(sim, token, '/api/v1/users?limit=100&sort=+createdAt');
    assert.deepEqual(
      asc.body.data.map((u: WireJson) => u.id),
      [...desc].reverse().map((u) => u.id),
    );
  });

  test('SCIM filter with totalResults', async () => {
    const target = sim.users().find((u) => u.email)!;
    const filter = `email eq "${target.email!.toUpperCase()}" or id eq "${sim.botUser.id}"`;
    const res = await api(sim, token, `/api/v1/users?totalResults=true&filter=${encodeURIComponent(filter)}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.totalResults, 2);
    assert.deepEqual(res.body.data.map((u: WireJson) => u.id).sort(), [target.id, sim.botUser.id].sort());
  });

  test('a first name shared by several users: co returns all of them', async () => {
    const counts = new Map<string, number>();
    for (const u of sim.users()) counts.set(u.name.split(' ')[0]!, (counts.get(u.name.split(' ')[0]!) ?? 0) + 1);
    const [shared, count] = [...counts].find(([, n]) => n >= 2)!;
    const res = await api(sim, token, `/api/v1/users?limit=100&filter=${encodeURIComponent(`name co "${shared}"`)}`);
    assert.ok(res.body.data.length >= count);
  });

  test('the filter survives into the next link', async () => {
    const pages = await allPages(
      sim,
      token,
      `/api/v1/users?limit=2&filter=${encodeURIComponent('status eq "active"')}`,
    );
    const ids = pages.flat().map((u) => u.id);
    assert.equal(ids.length, sim.users().filter((u) => u.status === 'active').length);
    assert.ok(pages.flat().every((u) => u.status === 'active'));
  });

  test('the generated tenant holds non-ASCII names', async () => {
    const res = await api(
      sim,
      token,
      `/api/v1/users?filter=${encodeURIComponent('name co "ångström" or name eq "李 伟"')}`,
    );
    assert.deepEqual(res.body.data.map((u: WireJson) => u.name).sort(), ['Zoë Ångström', '李 伟'].sort());
  });

  const bad = [
    ['limit=0', 'limit 0'],
    ['limit=101', 'limit 101'],
    ['limit=ten', 'limit not a number'],
    ['sort=password', 'unknown sort field'],
    ['filter=' + encodeURIComponent('name co "a'), 'malformed filter'],
    ['filter=' + encodeURIComponent('name eq "a" or'), 'dangling or'],
    ['next=garbage', 'garbage cursor'],
    ['totalResults=maybe', 'totalResults not a boolean'],
  ];
  for (const [query, what] of bad) {
    test(`400 on ${what}`, async () => {
      const res = await api(sim, token, `/api/v1/users?${query}`);
      assert.equal(res.status, 400);
      assertQlikError(res.body, 400);
    });
  }

  test('400 when next and prev come together', async () => {
    const first = await api(sim, token, '/api/v1/users?limit=5');
    const cursor = new URL(first.body.links.next.href).searchParams.get('next')!;
    const res = await api(
      sim,
      token,
      `/api/v1/users?limit=5&next=${encodeURIComponent(cursor)}&prev=${encodeURIComponent(cursor)}`,
    );
    assert.equal(res.status, 400);
  });

  test('a cursor made for one sort order is refused under another', async () => {
    const first = await api(sim, token, '/api/v1/users?limit=5&sort=name');
    const cursor = new URL(first.body.links.next.href).searchParams.get('next')!;
    const res = await api(sim, token, `/api/v1/users?limit=5&sort=email&next=${encodeURIComponent(cursor)}`);
    assert.equal(res.status, 400);
  });

  test('fields projects the user objects', async () => {
    const res = await api(sim, token, '/api/v1/users?limit=3&fields=name,email');
    for (const user of res.body.data) assert.deepEqual(Object.keys(user).sort(), ['email', 'id', 'name']);
  });

  test('an unknown route is a 404 with a Qlik body', async () => {
    const res = await api(sim, token, '/api/v1/spaces');
    assert.equal(res.status, 404);
    assertQlikError(res.body, 404);
  });
});
