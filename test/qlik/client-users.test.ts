// Users against the simulator: whoami through the 301, safe SCIM search, single users, raw lists.
import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {withSimulator, qlikError} from './simulated-tenant.js';
import {scimString} from '../../source/qlik/scim.js';

describe('whoami', () => {
  test('follows the 301 of /users/me to the bot user', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const me = await client().whoami();
      assert.equal(me.id, sim.botUser.id);
      assert.equal(me.subject, `qlikbot\\${sim.clientId}`);
      assert.equal(sim.stats().byRoute['GET /api/v1/users/me'], 1);
      assert.equal(sim.stats().byRoute['GET /api/v1/users/{id}'], 1);
    });
  });
});

describe('searchUsers', () => {
  test('finds by part of a name, case-insensitively', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const target = sim.users().find((u) => u.id !== sim.botUser.id)!;
      const part = target.name.slice(1, 5).toUpperCase();
      const found = await client().searchUsers(part);
      assert.ok(
        found.some((u) => u.id === target.id),
        `${part} did not find ${target.name}`,
      );
      for (const user of found) {
        const haystack = `${user.name} ${user.email ?? ''} ${user.subject}`.toLowerCase();
        assert.ok(haystack.includes(part.toLowerCase()) || user.id === part, user.name);
      }
    });
  });

  test('a pasted ID with whitespace around it finds exactly that user', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const target = sim.users()[3]!;
      const found = await client().searchUsers(`  ${target.id}\n`);
      assert.deepEqual(
        found.map((u) => u.id),
        [target.id],
      );
    });
  });

  test('hostile text is data, not filter syntax', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const api = client();
      // Unescaped, this would close the string and match every user.
      assert.deepEqual(await api.searchUsers('zz" or name co "'), []);
      const odd = sim.addUser({name: 'Eve "the" \\ Hacker'});
      const quoted = await api.searchUsers('"the" \\');
      assert.deepEqual(
        quoted.map((u) => u.id),
        [odd.id],
      );
    });
  });

  test('respects limit, and an empty query lists the first users', async () => {
    await withSimulator({users: 30}, async ({client}) => {
      const api = client();
      assert.equal((await api.searchUsers('', {limit: 7})).length, 7);
      assert.ok((await api.searchUsers('e', {limit: 3})).length <= 3);
    });
  });
});

describe('getUser and listUsers', () => {
  test('getUser returns the user; an unknown ID is not-found', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const api = client();
      const target = sim.users()[5]!;
      const {links, ...user} = await api.getUser(target.id);
      assert.deepEqual(user, target);
      assert.match(links?.self?.href ?? '', new RegExp(`/api/v1/users/${target.id}$`));
      await assert.rejects(
        api.getUser('000000000000000000000000'),
        qlikError('not-found', /HTTP 404 from tenant: Not found/),
      );
    });
  });

  test('listUsers passes a caller-built filter, limit and sort', async () => {
    await withSimulator({users: 30}, async ({sim, client}) => {
      const target = sim.users()[2]!;
      const api = client();
      assert.deepEqual(
        (await api.listUsers({filter: `id eq ${scimString(target.id)}`})).map((u) => u.id),
        [target.id],
      );
      const sorted = await api.listUsers({limit: 10, sort: '-name'});
      assert.equal(sorted.length, 10);
      const names = sorted.map((u) => u.name.toLowerCase());
      assert.deepEqual(names, [...names].sort().reverse());
    });
  });

  test('a filter the tenant cannot parse is a usage error with its explanation', async () => {
    await withSimulator({}, async ({client}) => {
      await assert.rejects(
        client().listUsers({filter: 'name co'}),
        qlikError('usage', /HTTP 400 from tenant: Bad Request: Invalid filter/),
      );
    });
  });
});
