// `qlik-tokens tokens revoke` and `qlik-tokens audit` as an operator's script runs them: a child
// process without a terminal, credentials from the environment, the simulator over HTTP.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {homeKeeper, simCli, simDeletes} from './cli-harness.js';

const homes = homeKeeper();
const freshHome = homes.fresh;

const cli = simCli;

const deletes = simDeletes;

type JsonRun = {
  tenant: string;
  userId?: string;
  cancelled: boolean;
  counts: Record<string, number>;
  outcomes: Array<{
    tokenId: string;
    userId?: string;
    outcome: string;
    status?: number;
    error?: {kind: string; message: string};
  }>;
  newTokens?: unknown[];
};

describe('tokens revoke (command)', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({port: 0, users: 6, tokens: 60, seed: 21, rateLimits: false});
  });
  after(async () => {
    await sim.stop();
    homes.cleanup();
  });

  test('without a terminal and without --yes: refuses with exit 2, revokes nothing, never waits', async () => {
    const id = sim.tokens()[0]!.id;
    const before = deletes(sim);
    const run = await cli(sim, freshHome(), ['tokens', 'revoke', id]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--yes/);
    assert.equal(run.stdout, '');
    assert.equal(deletes(sim), before);
    assert.equal(sim.hasToken(id), true);
  });

  test('--readonly refuses with exit 2, even with --yes', async () => {
    const id = sim.tokens()[0]!.id;
    const before = deletes(sim);
    const run = await cli(sim, freshHome(), ['--readonly', 'tokens', 'revoke', id, '--yes']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /read-?only/i);
    assert.equal(deletes(sim), before);
    assert.equal(sim.hasToken(id), true);
  });

  test('usage errors exit 2: --user without --all, nothing to revoke', async () => {
    const home = freshHome();
    assert.equal((await cli(sim, home, ['tokens', 'revoke', '--user', 'me', '--yes'])).code, 2);
    assert.equal((await cli(sim, home, ['tokens', 'revoke', '--yes'])).code, 2);
  });

  test('--json: one document with every outcome; pasted, padded IDs accepted; recorded in the audit log', async () => {
    const home = freshHome();
    const [a, b] = sim.tokens().map((t) => t.id);
    const run = await cli(sim, home, [
      'tokens',
      'revoke',
      `  ${a} `,
      `${b}\n`,
      '000000000000000000000000',
      '--yes',
      '--json',
      '--ignore-not-found',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as JsonRun;
    assert.equal(doc.tenant, sim.url);
    assert.equal(doc.cancelled, false);
    assert.deepEqual(
      doc.outcomes.map((o) => [o.tokenId, o.outcome, o.status]),
      [
        [a, 'revoked', 204],
        [b, 'revoked', 204],
        ['000000000000000000000000', 'not-found', 404],
      ],
    );
    assert.deepEqual(doc.counts, {
      total: 3,
      revoked: 2,
      'already-gone': 0,
      'not-found': 1,
      failed: 0,
      'not-tried': 0,
    });
    assert.equal(sim.hasToken(a!), false);

    const audit = await cli(sim, home, ['audit', '--since', '1h', '--json']);
    assert.equal(audit.code, 0, audit.stderr);
    const log = JSON.parse(audit.stdout) as {entries: Array<{tokenId: string; outcome: string; tenant: string}>};
    assert.deepEqual(
      log.entries.map((e) => [e.tokenId, e.outcome]),
      [
        [a, 'revoked'],
        [b, 'revoked'],
        ['000000000000000000000000', 'not-found'],
      ],
    );
    assert.doesNotMatch(audit.stdout + run.stdout + run.stderr, new RegExp(sim.clientSecret));
  });

  test('a token the tenant keeps refusing: exit 1, the failure and its reason in the JSON', async () => {
    const [ok, bad] = sim.tokens().map((t) => t.id);
    sim.inject({
      kind: 'html-500',
      method: 'DELETE',
      path: `/api/v1/oauth-tokens/${bad}`,
      times: Number.POSITIVE_INFINITY,
    });
    try {
      const run = await cli(sim, freshHome(), ['tokens', 'revoke', ok!, bad!, '--yes', '--json']);
      assert.equal(run.code, 1, run.stderr);
      const doc = JSON.parse(run.stdout) as JsonRun;
      const failed = doc.outcomes.find((o) => o.tokenId === bad)!;
      assert.equal(failed.outcome, 'failed');
      assert.equal(failed.status, 500);
      assert.ok(failed.error?.message);
      assert.equal(doc.outcomes.find((o) => o.tokenId === ok)!.outcome, 'revoked');
      assert.equal(sim.hasToken(bad!), true);
    } finally {
      sim.clearFaults();
    }
  });

  test('--user ID --all --yes: every token of the user, a summary table on stdout', async () => {
    const owner = sim.tokens().find((t) => t.userId !== sim.botUser.id)!.userId;
    const theirs = sim
      .tokens()
      .filter((t) => t.userId === owner)
      .map((t) => t.id);
    assert.ok(theirs.length > 0);
    const run = await cli(sim, freshHome(), ['tokens', 'revoke', '--user', owner, '--all', '--yes']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^TOKEN\s+USER\s+OUTCOME/);
    for (const id of theirs) {
      assert.match(run.stdout, new RegExp(`${id}\\s+${owner}\\s+revoked`));
      assert.equal(sim.hasToken(id), false);
    }
    assert.match(run.stderr, new RegExp(`${theirs.length} revoked`));
  });

  test('a mistyped token ID is not-found, exit 1, unless --ignore-not-found', async () => {
    const home = freshHome();
    const zeros = await cli(sim, home, ['tokens', 'revoke', '000000000000000000000000', '--yes']);
    assert.equal(zeros.code, 1, zeros.stderr);
    assert.match(zeros.stdout, /000000000000000000000000\s+not-found\s+404/);
    assert.match(zeros.stderr, /1 not found: the tenant does not know that token ID/);
    const typo = await cli(sim, home, ['tokens', 'revoke', 'foo', '--yes', '--json']);
    assert.equal(typo.code, 1, typo.stderr);
    assert.equal((JSON.parse(typo.stdout) as JsonRun).outcomes[0]!.outcome, 'not-found');
    const ignored = await cli(sim, home, ['tokens', 'revoke', 'foo', '--yes', '--ignore-not-found']);
    assert.equal(ignored.code, 0, ignored.stderr);
    assert.match(ignored.stdout, /foo\s+not-found/);
  });

  test('an ID with characters no Qlik ID has is refused before any request, exit 2', async () => {
    const before = sim.stats().requests;
    for (const bad of ['abc/def', '../users/me', 'a b;c', 'tok\u00e9n']) {
      const run = await cli(sim, freshHome(), ['tokens', 'revoke', 'ok-id_1', bad, '--yes']);
      assert.equal(run.code, 2, `${bad}: ${run.stderr}`);
      assert.match(run.stderr, /not (a token ID|token IDs).*A-Z a-z 0-9 - _.*nothing was revoked/);
    }
    assert.equal(sim.stats().requests, before, 'not even the access token was requested');
  });

  test('counts that change say why: a DELETE whose answer was lost and whose retry met 404 "was already gone"', async () => {
    const owner = sim.addUser({name: 'Lost Answer'});
    const ids = Array.from({length: 3}, () => sim.addToken(owner.id).id);
    sim.inject({kind: 'delete-applied-503', method: 'DELETE', path: `/api/v1/oauth-tokens/${ids[1]}`});
    try {
      const run = await cli(sim, freshHome(), ['tokens', 'revoke', '--user', owner.id, '--all', '--yes']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /2 revoked · 1 already gone · 0 failed/);
      assert.match(run.stderr, /1 was already gone: .*our own first DELETE had landed/);
      assert.ok(ids.every((id) => !sim.hasToken(id)));
    } finally {
      sim.clearFaults();
    }
  });

  test('audit: a bad --since is a usage error; an empty log is not an error', async () => {
    const home = freshHome();
    assert.equal((await cli(sim, home, ['audit', '--since', 'yesterday'])).code, 2);
    const empty = await cli(sim, home, ['audit', '--json']);
    assert.equal(empty.code, 0);
    assert.deepEqual((JSON.parse(empty.stdout) as {entries: unknown[]}).entries, []);
  });
});
