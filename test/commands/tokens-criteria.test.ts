// Hygiene by criteria (`--unused-for`, `--device`, `--description`) and `--dry-run`, as a script runs
// them: a child process without a terminal, credentials from the environment, the simulator over HTTP.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type {QlikToken} from '../../source/qlik/types.js';
import {readAudit} from '../../source/revoke/audit.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {homeKeeper, simCli, simDeletes} from './cli-harness.js';

const DAY = 86_400_000;
const homes = homeKeeper();
const freshHome = homes.fresh;

const cli = simCli;

const deletes = simDeletes;
const ids = (tokens: Array<{id: string}>): string[] => tokens.map((t) => t.id).sort();
const unusedFor = (days: number) => (t: QlikToken) => !t.lastUsed || Date.parse(t.lastUsed) < Date.now() - days * DAY;

type JsonRun = {counts: Record<string, number>; outcomes: Array<{tokenId: string; userId?: string; outcome: string}>};

describe('tokens list and revoke by criteria, and --dry-run', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({port: 0, users: 12, tokens: 240, seed: 33, rateLimits: false});
  });
  after(async () => {
    await sim.stop();
    homes.cleanup();
  });

  test('tokens list --unused-for / --device / --description pick exactly the matching tokens, tenant-wide or per user', async () => {
    const home = freshHome();
    const stale = await cli(sim, home, ['tokens', 'list', '--unused-for', '60d', '--json']);
    assert.equal(stale.code, 0, stale.stderr);
    const expected = sim.tokens().filter(unusedFor(60));
    assert.ok(expected.length > 0 && expected.length < sim.tokens().length, `${expected.length} stale`);
    assert.ok(
      expected.some((t) => !t.lastUsed),
      'the sample holds never-used tokens',
    );
    assert.deepEqual(ids(JSON.parse(stale.stdout) as QlikToken[]), ids(expected));

    const phones = await cli(sim, home, ['tokens', 'list', '--device', 'phone', '--description', 'MOBILE', '--json']);
    assert.equal(phones.code, 0, phones.stderr);
    assert.deepEqual(
      ids(JSON.parse(phones.stdout) as QlikToken[]),
      ids(sim.tokens().filter((t) => t.deviceType === 'Phone' && /mobile/i.test(t.description ?? ''))),
    );

    const owner = sim.users().find((u) => u.email && sim.tokens().filter((t) => t.userId === u.id).length >= 5)!;
    const human = await cli(sim, home, ['tokens', 'list', '--user', owner.email!, '--unused-for', '30d']);
    assert.equal(human.code, 0, human.stderr);
    const theirs = sim.tokens().filter((t) => t.userId === owner.id && unusedFor(30)(t));
    assert.match(human.stdout, new RegExp(`^${theirs.length} tokens? unused for 30d of .*\\(${owner.id}\\)$`, 'm'));
  });

  test('the help of tokens and of tokens revoke names every criterion, --dry-run, --all-profiles and --watch', async () => {
    for (const args of [
      ['tokens', '--help'],
      ['tokens', 'revoke', '--help'],
    ]) {
      const help = await cli(sim, freshHome(), args);
      assert.equal(help.code, 0);
      for (const flag of [
        '--unused-for DURATION',
        '--device TYPE',
        '--description TEXT',
        '--dry-run',
        '--all-profiles',
        '--watch DURATION',
      ])
        assert.ok(help.stdout.includes(flag), `${args.join(' ')} --help names ${flag}`);
      assert.doesNotMatch(help.stdout, /\$\{/, 'no template text left uninterpolated');
    }
  });

  test('criteria errors are usage errors (exit 2) before any request', async () => {
    const home = freshHome();
    const before = sim.stats().requests;
    for (const args of [
      ['tokens', 'list', '--unused-for', 'ninety days'],
      ['tokens', 'list', '--unused-for', '0d'],
      ['tokens', 'list', '--device', ' '],
      ['tokens', 'revoke', '--user', 'me', '--all', '--unused-for', '30d', '--yes'],
      ['tokens', 'revoke', 'abc', '--device', 'Phone', '--yes'],
    ]) {
      const run = await cli(sim, home, args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '');
    }
    assert.equal(sim.stats().requests, before);
  });

  test('tokens revoke with criteria and no terminal needs --yes: exit 2, no DELETE', async () => {
    const before = deletes(sim);
    const run = await cli(sim, freshHome(), ['tokens', 'revoke', '--unused-for', '90d']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--yes/);
    assert.equal(deletes(sim), before);
  });

  test('--dry-run lists what would be revoked, sends no DELETE; the real run then revokes exactly those', async () => {
    const home = freshHome();
    const expected = ids(sim.tokens().filter(unusedFor(120)));
    assert.ok(expected.length >= 5, `${expected.length} tokens unused for 120 days`);
    sim.resetStats();
    const dry = await cli(sim, home, ['tokens', 'revoke', '--unused-for', '120d', '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.equal(deletes(sim), 0, 'the simulator saw no DELETE');
    const listed = JSON.parse(dry.stdout) as Array<Record<string, unknown>>;
    for (const token of listed)
      assert.deepEqual(Object.keys(token), ['id', 'userId', 'tenantId', 'description', 'deviceType', 'lastUsed']);
    assert.deepEqual(ids(listed as QlikToken[]), expected);
    assert.match(dry.stderr, /dry run: nothing was revoked/);
    assert.ok(expected.every((id) => sim.hasToken(id)));

    const real = await cli(sim, home, ['tokens', 'revoke', '--unused-for', '120d', '--yes', '--json']);
    assert.equal(real.code, 0, real.stderr);
    const doc = JSON.parse(real.stdout) as JsonRun;
    assert.equal(doc.counts.revoked, listed.length, 'the dry run counted what the real run revoked');
    assert.deepEqual(doc.outcomes.map((o) => o.tokenId).sort(), expected);
    assert.equal(deletes(sim), expected.length);
    assert.ok(expected.every((id) => !sim.hasToken(id)));
    // Logged like every revocation: an intent before each DELETE, then its outcome.
    const {entries} = await readAudit({file: path.join(home, 'audit.jsonl')});
    assert.deepEqual(entries.map((e) => e.tokenId).sort(), expected);
    assert.ok(entries.every((e) => e.outcome === 'revoked' && e.userId !== null));
  });

  test('criteria with --user revoke only that user\u2019s matching tokens, even when the tenant returns others', async () => {
    const owner = sim.addUser({name: 'Hygiene Owner', email: 'hygiene@example.com'});
    const other = sim.addUser({name: 'Bystander'});
    const ci = [sim.addToken(owner.id, {description: 'CI runner', lastUsed: null}).id];
    ci.push(sim.addToken(owner.id, {description: 'nightly ci job', deviceType: null}).id);
    const kept = sim.addToken(owner.id, {description: 'laptop', deviceType: 'Desktop'}).id;
    const bystander = sim.addToken(other.id, {description: 'CI runner'}).id;
    // A proxy that drops the query string: the tenant answers with every token.
    sim.inject({kind: 'filter-ignored', method: 'GET', path: '/api/v1/oauth-tokens', times: Number.POSITIVE_INFINITY});
    try {
      const run = await cli(sim, freshHome(), [
        'tokens',
        'revoke',
        '--user',
        'hygiene@example.com',
        '--description',
        'ci',
        '--yes',
        '--json',
      ]);
      assert.equal(run.code, 1, run.stderr); // other users' tokens came back: said, and exit 1
      const doc = JSON.parse(run.stdout) as JsonRun & {foreign: unknown[]};
      assert.deepEqual(doc.outcomes.map((o) => o.tokenId).sort(), [...ci].sort());
      assert.ok(doc.outcomes.every((o) => o.userId === owner.id && o.outcome === 'revoked'));
      assert.match(run.stderr, /other users/);
      assert.equal(sim.hasToken(kept), true);
      assert.equal(sim.hasToken(bystander), true);
    } finally {
      sim.clearFaults();
    }
  });

  test('--dry-run on token IDs and on --user --all: resolved from the listing, unknown IDs said, no DELETE', async () => {
    const home = freshHome();
    const owner = sim.addUser({name: 'Dry Owner', email: 'dry@example.com'});
    const theirs = Array.from({length: 3}, () => sim.addToken(owner.id).id);
    sim.resetStats();
    const byId = await cli(sim, home, [
      'tokens',
      'revoke',
      theirs[0]!,
      '0123456789abcdef01234567',
      '--dry-run',
      '--json',
    ]);
    assert.equal(byId.code, 0, byId.stderr);
    assert.deepEqual(ids(JSON.parse(byId.stdout) as QlikToken[]), [theirs[0]]);
    assert.match(byId.stderr, /1 ID the tenant does not know .*0123456789abcdef01234567/);

    const all = await cli(sim, home, ['tokens', 'revoke', '--user', 'dry@example.com', '--all', '--dry-run']);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /^would revoke 3 tokens of Dry Owner <dry@example\.com>/m);
    for (const id of theirs) assert.match(all.stdout, new RegExp(`^${id}\\s`, 'm'));

    // Read-only does not stand in a dry run's way; it says a real run would be refused.
    const readonly = await cli(sim, home, ['--readonly', 'tokens', 'revoke', '--user', owner.id, '--all', '--dry-run']);
    assert.equal(readonly.code, 0, readonly.stderr);
    assert.match(readonly.stderr, /a real run would be refused/);
    assert.equal(deletes(sim), 0, 'the simulator saw no DELETE');
    assert.ok(theirs.every((id) => sim.hasToken(id)));
  });
});
