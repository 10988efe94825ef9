// `qlik-tokens simulate` as a separate process: the seed tutorial's curl sequence against it.
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import {createInterface} from 'node:readline';
import {once} from 'node:events';
import {REPO_ROOT} from '../support/repo-root.js';
import {parseSimulateArgs} from '../../source/commands/simulate.js';
import {UsageError} from '../../source/commands/context.js';

const root = REPO_ROOT;

function startCli(args: string[]): {child: ChildProcess; firstLine: Promise<string>; stderr: () => string} {
  const child = spawn(process.execPath, ['dist/cli.cjs', ...args], {cwd: root, stdio: ['ignore', 'pipe', 'pipe']});
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({input: child.stdout!});
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing a line: ${stderr}`)));
  });
  return {child, firstLine, stderr: () => stderr};
}

describe('qlik-tokens simulate', () => {
  test('prints its URL first, serves the tutorial sequence, and exits 0 on SIGTERM', async () => {
    const {child, firstLine, stderr} = startCli([
      'simulate',
      '--port',
      '0',
      '--users',
      '5',
      '--tokens',
      '20',
      '--client-id',
      'cli-id',
      '--client-secret',
      'cli-secret',
    ]);
    try {
      const url = await firstLine;
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);

      const tokenRes = await fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: {'content-type': 'application/x-www-form-urlencoded'},
        body: new URLSearchParams({
          client_id: 'cli-id',
          client_secret: 'cli-secret',
          grant_type: 'client_credentials',
          scope: 'admin_classic',
        }),
      });
      assert.equal(tokenRes.status, 200);
      const {access_token: accessToken} = (await tokenRes.json()) as {access_token: string};
      const auth = {authorization: `Bearer ${accessToken}`};

      const me = await fetch(`${url}/api/v1/users/me`, {headers: auth, redirect: 'manual'});
      assert.equal(me.status, 301);
      const botId = me.headers.get('location')!.split('/').at(-1)!;

      // Pick a user who has tokens from the whole-tenant list, then list that user's.
      const tenant = (await (await fetch(`${url}/api/v1/oauth-tokens?limit=100`, {headers: auth})).json()) as {
        data: Array<{id: string; userId: string}>;
      };
      assert.equal(tenant.data.length, 20);
      const userId = tenant.data[0]!.userId;
      assert.notEqual(userId, botId);
      const listUrl = `${url}/api/v1/oauth-tokens?userId=${userId}&limit=100`;
      const before = (await (await fetch(listUrl, {headers: auth})).json()) as {data: Array<{id: string}>};
      const victim = before.data[0]!.id;

      const revoked = await fetch(`${url}/api/v1/oauth-tokens/${victim}`, {method: 'DELETE', headers: auth});
      assert.equal(revoked.status, 204);
      assert.equal(await revoked.text(), '');

      const after = (await (await fetch(listUrl, {headers: auth})).json()) as {data: Array<{id: string}>};
      assert.equal(after.data.length, before.data.length - 1);
      assert.equal(
        after.data.some((t) => t.id === victim),
        false,
      );

      assert.match(stderr(), /cli-id/);
    } finally {
      const exit = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exit;
      assert.equal(code, 0, stderr());
    }
  });

  test('a bad flag value exits 2 with a message', async () => {
    const child = spawn(process.execPath, ['dist/cli.cjs', 'simulate', '--users', 'many'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, /--users/);
  });

  test('--help lists every flag with its default', async () => {
    const child = spawn(process.execPath, ['dist/cli.cjs', 'simulate', '--help'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    for (const flag of [
      '--port',
      '--client-id',
      '--client-secret',
      '--users',
      '--tokens',
      '--seed',
      '--token-ttl',
      '--tier1',
      '--tier2',
      '--window',
      '--no-rate-limits',
      '--error-rate',
      '--reset-rate',
      '--slow-rate',
      '--slow-ms',
      '--latency-ms',
      '--live',
    ]) {
      assert.ok(stdout.includes(flag), flag);
    }
    assert.match(stdout, /\[21600\]/);
  });
});

describe('simulate --fault: a hostile tenant in the foreground', () => {
  test('--fault endless-body:/oauth/token makes the token endpoint stream forever; the rest works', async () => {
    const {child, firstLine} = startCli([
      'simulate',
      '--users',
      '2',
      '--tokens',
      '3',
      '--fault',
      'endless-body:/oauth/token',
    ]);
    try {
      const url = await firstLine;
      const res = await fetch(`${url}/oauth/token`, {
        method: 'POST',
        body: '{}',
        headers: {'content-type': 'application/json'},
      });
      assert.equal(res.status, 200);
      const reader = res.body!.getReader();
      let bytes = 0;
      while (bytes < 1024 * 1024) bytes += (await reader.read()).value!.length;
      await reader.cancel();
      assert.ok(bytes >= 1024 * 1024, 'a megabyte and counting');
      assert.equal((await fetch(`${url}/api/v1/users/me`)).status, 401, 'other routes answer as usual');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  test('parses KIND and KIND:PATH, repeatable', () => {
    assert.deepEqual(parseSimulateArgs(['--fault', 'filter-ignored', '--fault', 'trickle:/api/v1/users']).faultRules, [
      {kind: 'filter-ignored', times: Number.POSITIVE_INFINITY},
      {kind: 'trickle', times: Number.POSITIVE_INFINITY, path: '/api/v1/users'},
    ]);
  });
});

describe('simulate --mint-user: a live session in the foreground', () => {
  test('mints tokens for the user named by email, at --mint-every', async () => {
    const {startSimulator} = await import('../../source/simulator/index.js');
    // The same seed gives the same users: find one's email in-process.
    const probe = await startSimulator({users: 4, tokens: 10, seed: 9});
    const user = probe.users().find((u) => u.id !== probe.botUser.id && u.email)!;
    await probe.stop();
    const {child, firstLine, stderr} = startCli([
      'simulate',
      ...['--users', '4', '--tokens', '10', '--seed', '9'],
      ...['--mint-user', user.email!.toUpperCase(), '--mint-every', '100ms'],
    ]);
    try {
      const url = await firstLine;
      const tokenRes = await fetch(`${url}/oauth/token`, {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({
          client_id: 'sim-client-id',
          client_secret: 'sim-client-secret',
          grant_type: 'client_credentials',
          scope: 'admin_classic',
        }),
      });
      const {access_token: accessToken} = (await tokenRes.json()) as {access_token: string};
      // Each mint is said on stderr: two of them, then the listing shows both.
      const mintedLine = new RegExp(`minted token ([0-9a-f]{24}) for ${user.id}`, 'g');
      while ([...stderr().matchAll(mintedLine)].length < 2) await once(child.stderr!, 'data');
      const minted = [...stderr().matchAll(mintedLine)].map((m) => m[1]!);
      const listed = (
        (await (
          await fetch(`${url}/api/v1/oauth-tokens?userId=${user.id}&limit=100`, {
            headers: {authorization: `Bearer ${accessToken}`},
          })
        ).json()) as {data: Array<{id: string; userId: string}>}
      ).data;
      for (const id of minted)
        assert.ok(
          listed.some((t) => t.id === id && t.userId === user.id),
          id,
        );
      assert.match(stderr(), new RegExp(`minting tokens for .*${user.id}.* every 100 ms`));
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  test('an unknown --mint-user exits 2 and says so', async () => {
    const child = spawn(process.execPath, ['dist/cli.cjs', 'simulate', '--users', '2', '--mint-user', 'nobody@x'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, /--mint-user: no user "nobody@x"/);
  });

  test('--mint-every takes a duration', () => {
    assert.equal(parseSimulateArgs(['--mint-every', '2s']).mintEveryMs, 2000);
    assert.equal(parseSimulateArgs(['--mint-every', '500ms']).mintEveryMs, 500);
    assert.equal(parseSimulateArgs([]).mintEveryMs, 2000);
    assert.throws(() => parseSimulateArgs(['--mint-every', 'often']), /--mint-every takes a duration/);
    assert.throws(() => parseSimulateArgs(['--mint-every', '1ms']), /--mint-every takes from/);
  });
});

describe('simulate flags', () => {
  test('defaults', () => {
    const flags = parseSimulateArgs([]);
    assert.equal(flags.port, 0);
    assert.equal(flags.users, 200);
    assert.equal(flags.tokens, 5000);
    assert.equal(flags.tier1, 1000);
    assert.equal(flags.tier2, 100);
    assert.equal(flags.window, 300);
    assert.equal(flags.rateLimits, true);
    assert.equal(flags.live, false);
  });

  test('values parse', () => {
    const flags = parseSimulateArgs([
      '--port=8123',
      '--tier2',
      '10',
      '--window',
      '60',
      '--error-rate',
      '0.25',
      '--no-rate-limits',
      '--live',
    ]);
    assert.equal(flags.port, 8123);
    assert.equal(flags.tier2, 10);
    assert.equal(flags.window, 60);
    assert.equal(flags.errorRate, 0.25);
    assert.equal(flags.rateLimits, false);
    assert.equal(flags.live, true);
  });

  for (const args of [
    ['--port', '70000'],
    ['--port', '-1'],
    ['--users', '1.5'],
    ['--error-rate', '2'],
    ['--slow-ms', ''],
    ['--tier1', '0'],
    ['--token-ttl', 'x'],
    ['--nope'],
    ['extra'],
    ['--fault', 'on-fire'],
    ['--fault', 'trickle:api/v1/users'],
  ]) {
    test(`rejects ${args.join(' ')}`, () => {
      assert.throws(() => parseSimulateArgs(args), UsageError);
    });
  }
});
