// `tokens revoke --user U --all --watch DURATION`: containment against a live session that keeps
// minting tokens. The built CLI as a child process (and in a pty for ctrl-c), the simulator over
// HTTP minting tokens for the user on its own timer.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {readAudit} from '../../source/revoke/audit.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {homeKeeper, runCli, simCredentials} from './cli-harness.js';
import {spawnInPty} from '../support/pty.js';

const homes = homeKeeper();
const freshHome = homes.fresh;

const credentials = simCredentials;

type WatchJson = {
  counts: Record<string, number>;
  outcomes: Array<{tokenId: string; userId?: string; outcome: string; phase: string; foundAt?: string}>;
  watch: {
    durationMs: number;
    endedBy: string;
    polls: number;
    seen: number;
    counts: Record<string, number>;
    remaining: string[] | null;
  };
};

describe('tokens revoke --all --watch', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({port: 0, users: 6, tokens: 30, seed: 23});
  });
  after(async () => {
    await sim.stop();
    homes.cleanup();
  });

  test('bad values and combinations exit 2 before any request', async () => {
    const home = freshHome();
    const before = sim.stats().requests;
    const cases: Array<[string[], RegExp]> = [
      [['--user', 'me', '--all', '--yes', '--watch', '15'], /--watch takes a duration such as 90s, 15m or 1h/],
      [['--user', 'me', '--all', '--yes', '--watch', 'soon'], /--watch takes a duration/],
      [['--user', 'me', '--all', '--yes', '--watch', '48h'], /--watch takes from 1s to 24h/],
      [['--user', 'me', '--all', '--yes', '--watch', '500ms'], /--watch takes a duration/],
      [['--yes', '--watch', '5m'], /--watch .* needs --user ID\|EMAIL --all/],
      [['abc123', '--yes', '--watch', '5m'], /--watch .* needs --user ID\|EMAIL --all/],
      [['--user', 'me', '--yes', '--watch', '5m'], /--watch .* needs --user ID\|EMAIL --all/],
      [['--user', 'me', '--all', '--dry-run', '--watch', '5m'], /--dry-run revokes nothing/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(['tokens', 'revoke', ...args], {home, env: credentials(sim)});
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message, args.join(' '));
      assert.doesNotMatch(run.stderr, /at .*\.js:\d+/, 'a stack trace');
    }
    assert.equal(sim.stats().requests, before, 'a usage error sent a request');
  });

  test('--json against a live session minting every 300 ms: every minted token revoked, marked phase "watch", exit 0', async () => {
    const user = sim.addUser({name: 'Compromised Person', email: 'compromised@example.com'});
    const bulkIds = Array.from({length: 4}, () => sim.addToken(user.id, {deviceType: 'Laptop'}).id);
    const others = sim.tokens().filter((t) => t.userId !== user.id);
    const home = freshHome();
    const stopMinting = sim.startMinting({userId: user.id, everyMs: 300});
    const mintedBefore = new Set(sim.minted().map((m) => m.id));
    try {
      const run = await runCli(
        ['--json', 'tokens', 'revoke', '--user', user.email!, '--all', '--yes', '--watch', '4s'],
        {
          home,
          env: credentials(sim),
          timeoutMs: 60_000,
        },
      );
      assert.equal(run.code, 0, run.stderr);
      const doc = JSON.parse(run.stdout) as WatchJson;
      const bulk = doc.outcomes.filter((o) => o.phase === 'bulk');
      const watch = doc.outcomes.filter((o) => o.phase === 'watch');
      for (const id of bulkIds)
        assert.ok(
          bulk.some((o) => o.tokenId === id && o.outcome === 'revoked'),
          id,
        );
      assert.ok(watch.length >= 6, `${watch.length} found while watching`);
      const minted = new Map(sim.minted().map((m) => [m.id, m]));
      for (const outcome of watch) {
        assert.equal(outcome.outcome, 'revoked');
        assert.equal(outcome.userId, user.id);
        assert.ok(minted.has(outcome.tokenId) || bulkIds.includes(outcome.tokenId), 'revoked a token nobody minted');
        assert.ok(!Number.isNaN(Date.parse(outcome.foundAt!)));
        assert.equal(sim.hasToken(outcome.tokenId), false);
      }
      assert.equal(doc.watch.endedBy, 'duration');
      assert.deepEqual(doc.watch.remaining, []);
      assert.equal(doc.watch.seen, watch.length);
      assert.ok(doc.watch.polls >= 2);
      // Nothing of anyone else was touched.
      for (const token of others) assert.equal(sim.hasToken(token.id), true);
      // Every watch revocation is in the audit log like any other.
      const {entries} = await readAudit({file: path.join(home, 'audit.jsonl')});
      for (const outcome of watch)
        assert.ok(
          entries.some((e) => e.tokenId === outcome.tokenId && e.outcome === 'revoked'),
          outcome.tokenId,
        );
      assert.match(run.stderr, /watching compromised@example\.com for 4s/);
      assert.match(run.stderr, /late token [0-9a-f]{24}: revoked/);
      assert.match(run.stderr, /watch ended after 4(\.\d)?s · \d+ listings · \d+ new tokens seen · \d+ revoked/);
      assert.ok([...minted.keys()].some((id) => !mintedBefore.has(id)));
    } finally {
      stopMinting();
    }
  });

  test('a token the bulk run could not revoke stays: the watch does not retry it every 3 s, exit 1', async () => {
    const user = sim.addUser({name: 'Stuck Token', email: 'stuck@example.com'});
    const stuck = sim.addToken(user.id).id;
    sim.inject({kind: 'html-500', path: `/api/v1/oauth-tokens/${stuck}`, times: Number.POSITIVE_INFINITY});
    try {
      const deletesOf = () => sim.stats().byRoute['DELETE /api/v1/oauth-tokens/{id}'] ?? 0;
      const before = deletesOf();
      const run = await runCli(['tokens', 'revoke', '--user', user.id, '--all', '--yes', '--watch', '7s'], {
        home: freshHome(),
        env: credentials(sim),
        timeoutMs: 60_000,
      });
      assert.equal(run.code, 1, run.stderr);
      // The bulk run's first try and its 3 retries; none by the watch.
      assert.equal(deletesOf() - before, 4);
      assert.match(run.stderr, new RegExp(`still held 1 token:\\s+${stuck}`));
    } finally {
      sim.clearFaults();
    }
  });

  test(
    'on a terminal: the status ticks with the time left; ctrl-c ends the watch with a summary, exit 0',
    {
      skip: process.platform === 'win32',
    },
    async () => {
      const user = sim.addUser({name: 'Live Session', email: 'live@example.com'});
      sim.addToken(user.id);
      const stopMinting = sim.startMinting({userId: user.id, everyMs: 400});
      try {
        const t = spawnInPty(['tokens', 'revoke', '--user', user.id, '--all', '--watch', '15m'], {
          home: freshHome(),
          cols: 120,
          env: credentials(sim),
        });
        await t.waitFor(/Type \d+ to revoke them all and watch for 15m/);
        t.write(`${/Type (\d+) to revoke/.exec(t.output())![1]}\r`);
        await t.waitFor(/watching live@example\.com · 14:5\d left · \d+ seen · \d+ revoked/);
        await t.waitFor(/late token [0-9a-f]{24}: revoked/);
        // The session ends (the identity provider caught up): a later listing finds the user empty.
        stopMinting();
        // Once the tenant holds none of the user's tokens, no revocation can be in flight: the next
        // status line drawn says so, and ctrl-c then cuts nothing short.
        await sim.untilMinted((minted) => minted.every((m) => m.userId !== user.id || m.goneAt !== undefined));
        assert.equal(sim.tokens().filter((token) => token.userId === user.id).length, 0);
        const mark = t.output().length;
        await t.waitFor(new RegExp(`^[\\s\\S]{${mark}}[\\s\\S]* ([1-9]\\d*) seen · \\1 revoked · holds 0`));
        t.write('\u0003');
        await t.waitFor(/watch ended by ctrl-c after/);
        assert.equal(await t.exit, 0, t.output());
        assert.match(t.output(), /ending the watch/);
        assert.match(t.output(), /PHASE\s+TOKEN/);
      } finally {
        stopMinting();
      }
    },
  );
});
