// Transport: plain http only to loopback, the Authorization header and the secret only to the
// tenant's own origin, and certificate problems reported as such, with no way to turn checks off.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {runCli} from '../commands/cli-harness.js';
import {assertNoStack, cleanupHomes, newHome} from './support.js';

const SECRET = 'S3CR3T-transport-0123456789abcdef';

type Seen = {method: string; url: string; authorization?: string; body: string};
type Listener = {url: string; seen: Seen[]; stop: () => Promise<void>};

async function listen(server: Server, host: string, scheme: string, seen: Seen[]): Promise<Listener> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const {port} = server.address() as AddressInfo;
  return {
    url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A tenant that records every request and answers with `handle`. */
function recorder(handle: (req: Seen, res: ServerResponse) => void): {
  seen: Seen[];
  onRequest: (req: IncomingMessage, res: ServerResponse) => void;
} {
  const seen: Seen[] = [];
  return {
    seen,
    onRequest: (incoming, res) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
      incoming.on('end', () => {
        const req = {
          method: incoming.method ?? '',
          url: incoming.url ?? '',
          authorization: incoming.headers.authorization,
          body,
        };
        seen.push(req);
        handle(req, res);
      });
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {'content-type': 'application/json', ...headers});
  res.end(JSON.stringify(body));
}

const TOKEN = {access_token: 'eyJhbGciOi.transport-access.sig', token_type: 'bearer', expires_in: 3600};
const env = (tenant: string) => ({QLIK_TENANT: tenant, QLIK_CLIENT_ID: 'transport-client', QLIK_CLIENT_SECRET: SECRET});

after(cleanupHomes);

describe('http:// is refused for every host that is not loopback', () => {
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
  let lan: Listener | undefined;
  before(async () => {
    if (!external) return;
    const r = recorder((req, res) => json(res, 200, TOKEN));
    lan = await listen(createServer(r.onRequest), external, 'http', r.seen);
  });
  after(() => lan?.stop());

  test('profiles add / edit, QLIK_TENANT and a hand-edited config: exit 2, nothing saved', async () => {
    const home = newHome();
    for (const url of [
      'http://example.com',
      'http://tenant.eu.qlikcloud.com/console',
      'HTTP://Example.COM:80/',
      'http://10.0.0.1:8080',
      'http://[::ffff:127.0.0.1]:80',
      'http://127.0.0.1.nip.io',
    ]) {
      const added = await runCli(['profiles', 'add', 'x', '--tenant', url, '--client-id', 'c', '--secret-stdin'], {
        home,
        input: SECRET,
      });
      assert.equal(added.code, 2, `${url}: ${added.stderr}`);
      assert.match(
        added.stderr,
        /must use https:\/\/ \(http:\/\/ is only accepted for 127\.0\.0\.1, localhost and ::1\)/,
      );
      const whoami = await runCli(['whoami'], {home, env: env(url)});
      assert.equal(whoami.code, 2, `${url}: ${whoami.stderr}`);
      assert.match(whoami.stderr, /must use https:\/\//);
      assertNoStack(added.stderr + whoami.stderr, url);
    }
    assert.equal(fs.existsSync(path.join(home, 'config.json')), false, 'no profile was saved');

    assert.equal(
      (
        await runCli(
          [
            'profiles',
            'add',
            'ok',
            '--tenant',
            'https://t.eu.qlikcloud.com',
            '--client-id',
            'c',
            '--secret-stdin',
            '--no-test',
          ],
          {home, input: SECRET},
        )
      ).code,
      0,
    );
    const edited = await runCli(['profiles', 'edit', 'ok', '--tenant', 'http://t.eu.qlikcloud.com', '--no-test'], {
      home,
    });
    assert.equal(edited.code, 2, edited.stderr);
    const file = path.join(home, 'config.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(config.profiles.ok.tenantUrl, 'https://t.eu.qlikcloud.com');
    config.profiles.ok.tenantUrl = 'http://t.eu.qlikcloud.com';
    fs.writeFileSync(file, JSON.stringify(config), {mode: 0o600});
    const handEdited = await runCli(['tokens', 'list'], {home});
    assert.equal(handEdited.code, 2, handEdited.stderr);
    assert.match(handEdited.stderr, /must use https:\/\//);
  });

  test(
    'a real listener on this machine\u2019s non-loopback address never sees a request',
    {skip: external ? false : 'no non-loopback IPv4 address on this machine'},
    async () => {
      const home = newHome();
      const runs = await Promise.all([
        runCli(['whoami'], {home, env: env(lan!.url)}),
        runCli(['profiles', 'add', 'lan', '--tenant', lan!.url, '--client-id', 'c', '--secret-stdin'], {
          home,
          input: SECRET,
        }),
        runCli(['profiles', 'add', 'lan2', '--tenant', lan!.url, '--client-id', 'c', '--secret-stdin', '--no-test'], {
          home,
          input: SECRET,
        }),
      ]);
      for (const run of runs) assert.equal(run.code, 2, run.stderr);
      assert.deepEqual(lan!.seen, [], 'the secret went nowhere in clear text');
    },
  );
});

describe('redirects never carry credentials to another origin', () => {
  let tenant: Listener;
  let other: Listener;
  before(async () => {
    const o = recorder((req, res) => json(res, 200, {id: 'EVIL', subject: 'x', name: 'evil', tenantId: 'T'}));
    other = await listen(createServer(o.onRequest), '127.0.0.1', 'http', o.seen);
    const t = recorder((req, res) => {
      const to = (target: string, status = 301) => {
        res.writeHead(status, {location: target});
        res.end();
      };
      if (req.url === '/oauth/token') {
        if (JSON.parse(req.body).client_id === 'moved-client') return to(`${other.url}/oauth/token`, 307);
        return json(res, 200, TOKEN);
      }
      if (req.url === '/api/v1/users/me') return to(`${other.url}/api/v1/users/BOT`);
      if (req.url === '/api/v1/users/BOT')
        return json(res, 200, {id: 'BOT', subject: 'qlikbot\\c', name: 'Bot', tenantId: 'T'});
      if (req.url.startsWith('/api/v1/oauth-tokens'))
        return json(res, 200, {data: [], links: {next: {href: `${other.url}/api/v1/oauth-tokens?page=2`}}});
      json(res, 404, {errors: [{code: 'X', title: 'no'}]});
    });
    tenant = await listen(createServer(t.onRequest), '127.0.0.1', 'http', t.seen);
  });
  after(async () => {
    await tenant.stop();
    await other.stop();
  });

  test('a 301 of /users/me to another port, a next link to another origin, a 307 of the token request', async () => {
    const home = newHome();
    const whoami = await runCli(['whoami'], {home, env: env(tenant.url)});
    assert.equal(whoami.code, 1, whoami.stderr);
    assert.match(whoami.stderr, /another origin \(http:\/\/127\.0\.0\.1:\d+\); not followed/);
    const list = await runCli(['tokens', 'list', '--json'], {home, env: env(tenant.url)});
    assert.equal(list.code, 1, list.stderr);
    assert.equal(list.stdout, '');
    assert.match(list.stderr, /next-page link points to another origin/);
    const moved = await runCli(['whoami'], {home, env: {...env(tenant.url), QLIK_CLIENT_ID: 'moved-client'}});
    assert.equal(moved.code, 1, moved.stderr);
    for (const run of [whoami, list, moved]) assertNoStack(run.stderr, run.argv.join(' '));
    assert.ok(
      tenant.seen.some((r) => r.url === '/api/v1/users/me' && r.authorization === `Bearer ${TOKEN.access_token}`),
      'the tenant itself got the token',
    );
    assert.deepEqual(
      other.seen.map((r) => [r.url, r.authorization, r.body.includes(SECRET)]),
      [],
      'the other origin saw nothing at all',
    );
  });
});

describe('TLS', () => {
  let dir = '';
  const openssl = (() => {
    try {
      execFileSync('openssl', ['version'], {stdio: 'ignore'});
      return true;
    } catch {
      return false;
    }
  })();
  let server: Listener | undefined;
  before(async () => {
    if (!openssl) return;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qlik-tokens-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-days',
        '1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      {stdio: 'ignore'},
    );
    const r = recorder((req, res) =>
      json(
        res,
        200,
        req.url === '/oauth/token' ? TOKEN : {id: 'BOT', subject: 'qlikbot\\c', name: 'Bot', tenantId: 'T'},
      ),
    );
    const https = createHttpsServer(
      {key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem'))},
      r.onRequest,
    );
    server = await listen(https as unknown as Server, '127.0.0.1', 'https', r.seen);
  });
  after(async () => {
    await server?.stop();
    if (dir) fs.rmSync(dir, {recursive: true, force: true});
  });

  test(
    'a self-signed certificate is refused by name, even with NODE_TLS_REJECT_UNAUTHORIZED=0; a trusted one is not',
    {skip: openssl ? false : 'openssl is not installed'},
    async () => {
      const home = newHome();
      const port = new URL(server!.url).port;
      const at = `https://localhost:${port}`;
      const plain = await runCli(['whoami'], {home, env: env(at)});
      const insecureEnv = await runCli(['whoami'], {home, env: {...env(at), NODE_TLS_REJECT_UNAUTHORIZED: '0'}});
      const add = await runCli(['profiles', 'add', 'tls', '--tenant', at, '--client-id', 'c', '--secret-stdin'], {
        home,
        input: SECRET,
      });
      for (const run of [plain, insecureEnv, add]) {
        assert.equal(run.code, 1, run.stderr);
        assert.match(run.stderr, /TLS certificate error: self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
        assertNoStack(run.stderr, 'tls');
      }
      assert.deepEqual(server!.seen, [], 'not one request (and so not the secret) reached the unverified server');

      // Trusted through NODE_EXTRA_CA_CERTS, the same server answers: the refusal was the certificate.
      const trusted = await runCli(['whoami', '--json'], {
        home,
        env: {...env(at), NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem')},
      });
      assert.equal(trusted.code, 0, trusted.stderr);
      // Trusted, but the name does not match (the certificate is for localhost, not 127.0.0.1).
      const mismatch = await runCli(['whoami'], {
        home,
        env: {...env(`https://127.0.0.1:${port}`), NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem')},
      });
      assert.equal(mismatch.code, 1, mismatch.stderr);
      assert.match(
        mismatch.stderr,
        /TLS certificate error: .*does not match certificate's altnames.*\(ERR_TLS_CERT_ALTNAME_INVALID\)/,
      );
    },
  );
});

describe('a bare host is https: pointed at a plain-HTTP port, the message says so', () => {
  test('whoami against http on a URL typed without a scheme: exit 1, no OpenSSL internals, the fix named', async () => {
    const r = recorder((_req, res) => json(res, 200, TOKEN));
    const plain = await listen(createServer(r.onRequest), '127.0.0.1', 'http', r.seen);
    try {
      const run = await runCli(['whoami'], {home: newHome(), env: env(plain.url.replace('http://', ''))});
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /does not speak HTTPS there .*http:\/\//);
      assert.doesNotMatch(run.stderr, /SSL routines|deps\/openssl/);
      assertNoStack(run.stderr, 'https to http');
    } finally {
      await plain.stop();
    }
  });
});
