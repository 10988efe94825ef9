// listTokens against the simulator: every page, every form of "last page", big tenants.
import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {withSimulator, busiestUser} from './simulated-tenant.js';

describe('listTokens pagination', () => {
  for (const lastPageNext of ['omit', 'null', 'empty'] as const) {
    test(`reads every page of one user; last page says "no next" as ${lastPageNext}`, async () => {
      await withSimulator({users: 3, tokens: 10, lastPageNext}, async ({sim, client}) => {
        const user = sim.users().find((u) => u.id !== sim.botUser.id)!;
        for (let i = 0; i < 245; i++) sim.addToken(user.id, {description: `extra ${i}`});
        const expected = sim.tokens().filter((t) => t.userId === user.id);
        assert.ok(expected.length >= 245);
        const pages: Array<[number, number]> = [];
        const tokens = await client().listTokens({
          userId: user.id,
          onPage: (page, index) => pages.push([index, page.length]),
        });
        assert.deepEqual(tokens, expected);
        assert.equal(pages.length, Math.ceil(expected.length / 100));
        assert.ok(pages.length >= 3);
        assert.deepEqual(
          pages.map(([index]) => index),
          pages.map((_, i) => i),
        );
        assert.equal(sim.stats().byRoute['GET /api/v1/oauth-tokens'], pages.length);
      });
    });
  }

  test('collect: false hands every page to onPage and keeps none of them', async () => {
    await withSimulator({users: 20, tokens: 450}, async ({sim, client}) => {
      const seen: string[] = [];
      const result = await client().listTokens({collect: false, onPage: (page) => seen.push(...page.map((t) => t.id))});
      assert.deepEqual(result, []);
      assert.deepEqual(
        seen,
        sim.tokens().map((t) => t.id),
      );
    });
  });

  test('a user without tokens is one empty page', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const user = sim.addUser({name: 'No Tokens'});
      assert.deepEqual(await client().listTokens({userId: user.id}), []);
    });
  });

  test('an odd page size still reads everything once', async () => {
    await withSimulator({tokens: 300}, async ({sim, client}) => {
      const {userId, count} = busiestUser(sim);
      const tokens = await client().listTokens({userId, limit: 7});
      assert.equal(tokens.length, count);
      assert.equal(new Set(tokens.map((t) => t.id)).size, count);
    });
  });

  test('the whole tenant: 10,000 tokens in 100 pages', async () => {
    await withSimulator({users: 200, tokens: 10_000, lastPageNext: 'null'}, async ({sim, client}) => {
      let pages = 0;
      const tokens = await client().listTokens({onPage: () => pages++});
      assert.equal(tokens.length, 10_000);
      assert.deepEqual(
        tokens.map((t) => t.id),
        sim.tokens().map((t) => t.id),
      );
      assert.equal(pages, 100);
      assert.equal(sim.stats().byRoute['GET /api/v1/oauth-tokens'], 100);
    });
  });
});

describe('revokeToken', () => {
  test('204 is revoked; a second revocation of the same token is already-gone', async () => {
    await withSimulator({}, async ({sim, client}) => {
      const api = client();
      const [token] = sim.tokens();
      assert.equal(await api.revokeToken(token!.id), 'revoked');
      assert.equal(sim.hasToken(token!.id), false);
      assert.equal(await api.revokeToken(token!.id), 'already-gone');
      assert.equal(await api.revokeToken('no-such-token'), 'already-gone');
    });
  });

  test("without admin_classic, another user's token is forbidden", async () => {
    await withSimulator({}, async ({sim, client}) => {
      const other = sim.tokens().find((t) => t.userId !== sim.botUser.id)!;
      await assert.rejects(client({scope: 'user_default'}).revokeToken(other.id), (error: unknown) => {
        assert.equal((error as {kind?: string}).kind, 'forbidden');
        return true;
      });
      assert.equal(sim.hasToken(other.id), true);
    });
  });
});
