// Client behaviour against a tiny hand-written tenant: the cases that need another origin or a
// misbehaving cursor, which the simulator does not play.
import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {createServer} from 'node:net';
import {createQlikClient} from '../../source/qlik/client.js';
import {QlikError} from '../../source/qlik/errors.js';
import type {ServerResponse} from 'node:http';
import {
  startTinyTenant,
  sendJson,
  tinyToken,
  tinyUser,
  TINY_SECRET,
  type TinyRequest,
  type TinyTenant,
} from './tiny-tenant.js';

function isKind(kind: string, pattern?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof QlikError, `not a QlikError: ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

type Handle = (req: TinyRequest, res: ServerResponse, origins: {url: string; other: string}) => void;

/** The tenant under test, and another origin that must never be contacted. */
async function withTenants(
  handle: Handle,
  run: (tenant: TinyTenant, other: TinyTenant) => Promise<void>,
): Promise<void> {
  const other = await startTinyTenant((req, res) => sendJson(res, 200, {data: [], links: {}}));
  const tenant = await startTinyTenant((req, res, self) => handle(req, res, {url: self.url, other: other.url}));
  try {
    await run(tenant, other);
  } finally {
    await tenant.stop();
    await other.stop();
  }
}

const credentials = (url: string, secret = TINY_SECRET) => ({
  tenantUrl: url,
  clientId: 'tiny-client',
  clientSecret: secret,
});

describe('redirects', () => {
  test('whoami follows a same-origin 301 with the Authorization header', async () => {
    await withTenants(
      (req, res) => {
        if (req.url === '/api/v1/users/me') {
          res.writeHead(301, {location: '/api/v1/users/BOT1'});
          res.end();
        } else if (req.url === '/api/v1/users/BOT1') sendJson(res, 200, tinyUser('BOT1'));
        else sendJson(res, 404, {errors: [{code: 'X', title: 'no'}]});
      },
      async (tenant) => {
        const client = createQlikClient(credentials(tenant.url));
        try {
          assert.equal((await client.whoami()).id, 'BOT1');
          const follow = tenant.requests.find((r) => r.url === '/api/v1/users/BOT1');
          assert.equal(follow?.authorization, 'Bearer tiny-access-token-abcdef');
        } finally {
          await client.close();
        }
      },
    );
  });

  test('whoami accepts a plain 200', async () => {
    await withTenants(
      (req, res) => sendJson(res, 200, tinyUser('BOT2')),
      async (tenant) => {
        const client = createQlikClient(credentials(tenant.url));
        try {
          assert.equal((await client.whoami()).id, 'BOT2');
        } finally {
          await client.close();
        }
      },
    );
  });

  test('a redirect to another origin is refused and the other origin never sees the token', async () => {
    await withTenants(
      (req, res, origins) => {
        res.writeHead(302, {location: `${origins.other}/api/v1/users/BOT1`});
        res.end();
      },
      async (tenant, other) => {
        const client = createQlikClient(credentials(tenant.url));
        try {
          await assert.rejects(client.whoami(), isKind('protocol', /another origin/));
          assert.equal(other.requests.length, 0);
        } finally {
          await client.close();
        }
      },
    );
  });

  test('a redirect loop ends as a protocol error', async () => {
    await withTenants(
      (req, res) => {
        res.writeHead(301, {location: '/api/v1/users/me'});
        res.end();
      },
      async (tenant) => {
        const client = createQlikClient(credentials(tenant.url));
        try {
          await assert.rejects(client.whoami(), isKind('protocol', /redirected too many times/));
        } finally {
          await client.close();
        }
      },
    );
  });
});

describe('pagination guards', () => {
  test('a relative next href is followed on the tenant', async () => {
    await withTenants(
      (req, res) => {
        const page = new URL(req.url, 'http://x').searchParams.get('page');
        if (page === null)
          sendJson(res, 200, {data: [tinyToken('a')], links: {next: {href: '/api/v1/oauth-tokens?limit=100&page=p2'}}});
        else sendJson(res, 200, {data: [tinyToken('b')], links: {next: {href: ''}}});
      },
      async (tenant) => {
        const client = createQlikClient(credentials(tenant.url));
        try {
          assert.deepEqual(
            (await client.listTokens()).map((t) => t.id),
            ['a', 'b'],
          );
        } finally {
          await client.close();
        }
      },
    );
  });

  test('a next link to another host is refused before anything is sent there', async () => {
    await withTenants(
      (req, res, origins) =>
        sendJson(res, 200, {
          data: [tinyToken('a')],
          links: {next: {href: `${origins.other}/api/v1/oauth-tokens?page=2`}},
        }),
      async (tenant, other) => {
        const client = createQlikClient(credentials(tenant.url));
        try {
          await assert.rejects(client.listTokens(), isKind('protocol', /another origin/));
          assert.equal(other.requests.length, 0);
        } finally {
          await client.close();
        }
      },
    );
  });

  test('a next link back to a page already read is a protocol error', async () => {
    await withTenants(
      (req, res, origins) => {
        const page = new URL(req.url, 'http://x').searchParams.get('page');
        const next =
          page === 'p2'
            ? `${origins.url}/api/v1/oauth-tokens?limit=100&page=p1`
            : `${origins.url}/api/v1/oauth-tokens?limit=100&page=p2`;
        sendJson(res, 200, {data: [tinyToken(page ?? 'first')], links: {next: {href: next}}});
      },
      async (tenant) => {
        const client = createQlikClient(credentials(tenant.url));
        try {
          await assert.rejects(client.listTokens(), isKind('protocol', /already read/));
          assert.equal(tenant.requests.filter((r) => r.url.startsWith('/api/v1/oauth-tokens')).length, 3);
        } finally {
          await client.close();
        }
      },
    );
  });

  test('a tenant that pages forever is cut off at maxPages', async () => {
    let n = 0;
    await withTenants(
      (req, res) => sendJson(res, 200, {data: [], links: {next: {href: `/api/v1/oauth-tokens?page=${++n}`}}}),
      async (tenant) => {
        const client = createQlikClient(credentials(tenant.url));
        try {
          await assert.rejects(client.listTokens({maxPages: 25}), isKind('protocol', /more than 25/));
          assert.equal(n, 25);
        } finally {
          await client.close();
        }
      },
    );
  });
});

describe('credentials and connections', () => {
  test('a wrong secret is an auth error that never carries the secret', async () => {
    await withTenants(
      (req, res) => sendJson(res, 200, tinyUser('x')),
      async (tenant) => {
        const wrong = 'wrong-secret-do-not-print-42';
        const client = createQlikClient(credentials(tenant.url, wrong));
        try {
          await assert.rejects(client.whoami(), (error: unknown) => {
            isKind('auth', /rejected the client credentials/)(error);
            for (let e: unknown = error; e; e = (e as Error).cause) {
              assert.ok(!String((e as Error).message).includes(wrong));
              assert.ok(!String((e as Error).stack).includes(wrong));
              assert.ok(!JSON.stringify(e).includes(wrong));
            }
            return true;
          });
        } finally {
          await client.close();
        }
      },
    );
  });

  test('connection refused is a network error naming the address', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as {port: number}).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const client = createQlikClient(credentials(`http://127.0.0.1:${port}`), {retries: 1, backoffMs: 1});
    try {
      await assert.rejects(
        client.whoami(),
        isKind('network', new RegExp(`connection refused by 127\\.0\\.0\\.1:${port}`)),
      );
    } finally {
      await client.close();
    }
  });

  test('invalid arguments are usage errors before any request', async () => {
    await withTenants(
      (req, res) => sendJson(res, 200, {data: []}),
      async (tenant) => {
        const client = createQlikClient(credentials(tenant.url));
        try {
          await assert.rejects(client.listTokens({limit: 0}), isKind('usage'));
          await assert.rejects(client.listTokens({limit: 101}), isKind('usage'));
          await assert.rejects(client.revokeToken(''), isKind('usage'));
          await assert.rejects(client.revokeToken('..'), isKind('usage'));
          await assert.rejects(client.getUser('  '), isKind('usage'));
          assert.equal(tenant.requests.length, 0);
        } finally {
          await client.close();
        }
      },
    );
  });

  test('token IDs are URL-encoded in the DELETE path', async () => {
    await withTenants(
      (req, res) => {
        res.writeHead(204);
        res.end();
      },
      async (tenant) => {
        const client = createQlikClient(credentials(tenant.url));
        try {
          assert.equal(await client.revokeToken('a/b?c#d'), 'revoked');
          assert.equal(tenant.requests.at(-1)?.url, '/api/v1/oauth-tokens/a%2Fb%3Fc%23d');
          assert.equal(tenant.requests.at(-1)?.method, 'DELETE');
        } finally {
          await client.close();
        }
      },
    );
  });

  test('an invalid tenant URL is a usage error at creation', () => {
    assert.throws(() => createQlikClient(credentials('http://example.com')), isKind('usage'));
  });
});
