import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {api, assertQlikError, type WireJson} from './sim-http.js';

describe('POST /oauth/token', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({users: 5, tokens: 20, clientId: 'cid', clientSecret: 's3cret'});
  });
  after(() => sim.stop());

  const post = (body: string, contentType: string) =>
    fetch(`${sim.url}/oauth/token`, {method: 'POST', headers: {'content-type': contentType}, body});

  test('a JSON body gets an access token with both expiry fields', async () => {
    const before = Date.now();
    const res = await post(
      JSON.stringify({
        client_id: 'cid',
        client_secret: 's3cret',
        grant_type: 'client_credentials',
        scope: 'admin_classic',
      }),
      'application/json',
    );
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(typeof body.access_token, 'string');
    assert.ok((body.access_token as string).length >= 32);
    assert.equal(body.scope, 'admin_classic');
    assert.equal(body.token_type, 'bearer');
    assert.equal(body.expires_in, 21600);
    const expiresAt = Date.parse(body.expires_at as string);
    assert.ok(expiresAt >= before + 21600_000 - 1000 && expiresAt <= Date.now() + 21600_000 + 1000);
  });

  test('a form-encoded body works the same', async () => {
    const form = new URLSearchParams({
      client_id: 'cid',
      client_secret: 's3cret',
      grant_type: 'client_credentials',
      scope: 'admin_classic',
    });
    const res = await post(form.toString(), 'application/x-www-form-urlencoded');
    assert.equal(res.status, 200);
    const body = (await res.json()) as {access_token: string};
    const me = await api(sim, body.access_token, `/api/v1/users/${sim.botUser.id}`);
    assert.equal(me.status, 200);
  });

  test('each request issues a different token', async () => {
    const form = new URLSearchParams({client_id: 'cid', client_secret: 's3cret', grant_type: 'client_credentials'});
    const a = (await (await post(form.toString(), 'application/x-www-form-urlencoded')).json()) as {
      access_token: string;
      scope: string;
    };
    const b = (await (await post(form.toString(), 'application/x-www-form-urlencoded')).json()) as {
      access_token: string;
    };
    assert.notEqual(a.access_token, b.access_token);
    assert.equal(a.scope, 'user_default');
  });

  test("a wrong secret is a 401 with Qlik's error body", async () => {
    const res = await post(
      JSON.stringify({client_id: 'cid', client_secret: 'nope', grant_type: 'client_credentials'}),
      'application/json',
    );
    assert.equal(res.status, 401);
    const body = (await res.json()) as WireJson;
    assertQlikError(body, 401);
    assert.equal(body.errors[0].code, 'OAUTH-1');
    assert.equal(typeof body.traceId, 'string');
  });

  test('a wrong client id is a 401 too', async () => {
    const res = await post(
      new URLSearchParams({client_id: 'other', client_secret: 's3cret', grant_type: 'client_credentials'}).toString(),
      'application/x-www-form-urlencoded',
    );
    assert.equal(res.status, 401);
  });

  for (const missing of ['client_id', 'client_secret', 'grant_type']) {
    test(`a missing ${missing} is a 400`, async () => {
      const fields: Record<string, string> = {
        client_id: 'cid',
        client_secret: 's3cret',
        grant_type: 'client_credentials',
      };
      delete fields[missing];
      const res = await post(JSON.stringify(fields), 'application/json');
      assert.equal(res.status, 400);
      assertQlikError(await res.json(), 400);
    });
  }

  test('another grant type is a 400', async () => {
    const res = await post(
      JSON.stringify({client_id: 'cid', client_secret: 's3cret', grant_type: 'password'}),
      'application/json',
    );
    assert.equal(res.status, 400);
  });

  test('unparseable JSON is a 400', async () => {
    const res = await post('{"client_id":', 'application/json');
    assert.equal(res.status, 400);
    assertQlikError(await res.json(), 400);
  });

  test('GET is not the token endpoint', async () => {
    const res = await fetch(`${sim.url}/oauth/token`);
    assert.equal(res.status, 405);
    assertQlikError(await res.json(), 405);
  });
});

describe('access tokens on /api/v1', () => {
  test('missing, unknown and expired tokens answer 401 with a Qlik body', async () => {
    const sim = await startSimulator({users: 3, tokens: 5, accessTokenTtlSeconds: 1});
    try {
      const anonymous = await fetch(`${sim.url}/api/v1/oauth-tokens?limit=10`);
      assert.equal(anonymous.status, 401);
      assertQlikError(await anonymous.json(), 401);
      const unknown = await api(sim, 'not-a-token', '/api/v1/oauth-tokens?limit=10');
      assert.equal(unknown.status, 401);

      const res = await fetch(`${sim.url}/oauth/token`, {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({
          client_id: sim.clientId,
          client_secret: sim.clientSecret,
          grant_type: 'client_credentials',
          scope: 'admin_classic',
        }),
      });
      const token = ((await res.json()) as {access_token: string; expires_in: number}).access_token;
      assert.equal((await api(sim, token, '/api/v1/oauth-tokens?limit=10')).status, 200);
      sim.expireAccessTokens();
      const expired = await api(sim, token, '/api/v1/oauth-tokens?limit=10');
      assert.equal(expired.status, 401);
      assertQlikError(expired.body, 401);
    } finally {
      await sim.stop();
    }
  });

  test('a token past its TTL answers 401', async () => {
    // The simulator's clock, moved by hand past the token's own expires_at.
    let now = Date.now();
    const sim = await startSimulator({users: 3, tokens: 5, accessTokenTtlSeconds: 1, now: () => now});
    try {
      const res = await fetch(`${sim.url}/oauth/token`, {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({
          client_id: sim.clientId,
          client_secret: sim.clientSecret,
          grant_type: 'client_credentials',
          scope: 'admin_classic',
        }),
      });
      const body = (await res.json()) as {access_token: string; expires_at: string};
      assert.equal(Date.parse(body.expires_at), now + 1000);
      now += 999;
      assert.equal((await api(sim, body.access_token, '/api/v1/oauth-tokens?limit=10')).status, 200);
      now += 1;
      assert.equal((await api(sim, body.access_token, '/api/v1/oauth-tokens?limit=10')).status, 401);
    } finally {
      await sim.stop();
    }
  });
});

describe('an OAuth client without admin_classic', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({
      users: 5,
      tokens: 40,
      clientId: 'cid',
      clientSecret: 's3cret',
      clientScopes: ['user_default'],
    });
  });
  after(() => sim.stop());

  test('asking for admin_classic grants user_default, and the token is no TenantAdmin', async () => {
    const res = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({
        client_id: 'cid',
        client_secret: 's3cret',
        grant_type: 'client_credentials',
        scope: 'admin_classic',
      }),
    });
    const body = (await res.json()) as {access_token: string; scope: string};
    assert.equal(res.status, 200);
    assert.equal(body.scope, 'user_default');
    const listed = await api(sim, body.access_token, '/api/v1/oauth-tokens?limit=100');
    assert.equal(listed.status, 200);
    assert.equal(listed.body.data.length, 0, 'the bot has no tokens of its own and sees no one else\u2019s');
    const someone = sim.tokens()[0]!;
    const denied = await api(sim, body.access_token, `/api/v1/oauth-tokens/${someone.id}`, {method: 'DELETE'});
    assert.equal(denied.status, 403);
    assert.ok(sim.hasToken(someone.id));
  });
});
