// `--all-profiles`: users search, tokens list and tokens revoke on every stored profile at once.
// Three simulators over real HTTP stand for prod, staging and a broken tenant (its stored secret is
// wrong): the broken one is reported and the others still answer.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {readAudit} from '../../source/revoke/audit.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import type {QlikUser} from '../../source/qlik/types.js';
import {freshHome as makeHome, runCli, storeProfile} from './cli-harness.js';
import {spawnInPty} from '../support/pty.js';

const EMAIL = 'mallory@example.com';
const deletes = (sim: Simulator): number => sim.stats().byRoute['DELETE /api/v1/oauth-tokens/{id}'] ?? 0;

type Entry = {profile: string; tenant: string; error?: {kind: string; message: string}};
const of = <E extends Entry>(entries: E[], profile: string): E => {
  const entry = entries.find((e) => e.profile === profile);
  assert.ok(entry, `an entry for ${profile}`);
  return entry;
};

describe('--all-profiles', () => {
  let prod: Simulator;
  let staging: Simulator;
  let broken: Simulator;
  const cleanups: Array<() => void> = [];
  before(async () => {
    // Qlik's real limits (the simulator's default): each tenant's budget is its own.
    [prod, staging, broken] = await Promise.all([
      startSimulator({port: 0, users: 8, tokens: 40, seed: 1, clientSecret: 'prod-secret-1234'}),
      startSimulator({port: 0, users: 8, tokens: 40, seed: 2, clientSecret: 'staging-secret-1234'}),
      startSimulator({port: 0, users: 8, tokens: 40, seed: 3, clientSecret: 'broken-secret-1234'}),
    ]);
  });
  after(async () => {
    await Promise.all([prod, staging, broken].map((sim) => sim.stop()));
    for (const cleanup of cleanups) cleanup();
  });

  /** A home with a profile per simulator; `secrets` overrides what is stored (a wrong one breaks it). */
  function homeWith(sims: Array<[string, Simulator, string?]>): string {
    const {home, cleanup} = makeHome();
    cleanups.push(cleanup);
    for (const [name, sim, secret] of sims)
      storeProfile(home, {name, tenant: sim.url, clientId: sim.clientId, secret: secret ?? sim.clientSecret});
    return home;
  }
  const fleet = () =>
    homeWith([
      ['prod', prod],
      ['staging', staging],
      ['broken', broken, 'not-the-secret'],
    ]);

  /** Mallory, with `count` tokens, in a tenant. */
  function mallory(sim: Simulator, count: number): {user: QlikUser; ids: string[]} {
    const user = sim.users().find((u) => u.email === EMAIL) ?? sim.addUser({name: 'Mallory', email: EMAIL});
    const ids = Array.from({length: count}, () => sim.addToken(user.id, {deviceType: 'Laptop'}).id);
    return {user, ids};
  }

  test('users search: grouped by profile, every entry names its profile; the broken one fails, exit 1', async () => {
    const home = fleet();
    mallory(prod, 0);
    mallory(staging, 0);
    const json = await runCli(['users', 'search', 'mallory', '--all-profiles', '--json'], {home});
    assert.equal(json.code, 1, json.stderr);
    const entries = JSON.parse(json.stdout) as Array<Entry & {users?: QlikUser[]}>;
    assert.deepEqual(
      entries.map((e) => e.profile),
      ['broken', 'prod', 'staging'], // the store's order: by name
    );
    assert.equal(of(entries, 'prod').tenant, prod.url);
    assert.deepEqual(
      of(entries, 'prod').users!.map((u) => u.email),
      [EMAIL],
    );
    assert.deepEqual(
      of(entries, 'staging').users!.map((u) => u.email),
      [EMAIL],
    );
    assert.equal(of(entries, 'broken').error?.kind, 'auth');
    assert.match(of(entries, 'broken').error!.message, /authentication failed/);

    const human = await runCli(['users', 'search', 'mallory', '--all-profiles'], {home});
    assert.equal(human.code, 1);
    assert.match(human.stdout, new RegExp(`^== prod \\(${prod.url}\\)\\nID\\s+NAME\\s+EMAIL`, 'm'));
    assert.match(human.stdout, new RegExp(`^== broken \\(${broken.url}\\)\\nfailed: authentication failed`, 'm'));
    assert.match(human.stderr, /3 profiles: 2 answered, 1 failed \(broken\)/);
    for (const secret of [prod.clientSecret, staging.clientSecret, 'not-the-secret'])
      assert.ok(!json.stdout.includes(secret) && !human.stdout.includes(secret) && !human.stderr.includes(secret));
  });

  test('tokens list --user EMAIL: each tenant\u2019s tokens of that person; a tenant without them fails alone', async () => {
    const home = homeWith([
      ['prod', prod],
      ['staging', staging],
      ['nobody-here', broken],
    ]);
    const inProd = mallory(prod, 2);
    const inStaging = mallory(staging, 1);
    const run = await runCli(['tokens', 'list', '--user', EMAIL, '--all-profiles', '--json'], {home});
    assert.equal(run.code, 1, run.stderr);
    const entries = JSON.parse(run.stdout) as Array<Entry & {user?: QlikUser; tokens?: Array<{id: string}>}>;
    const theirs = (sim: Simulator, user: QlikUser) =>
      sim
        .tokens()
        .filter((t) => t.userId === user.id)
        .map((t) => t.id)
        .sort();
    assert.deepEqual(
      of(entries, 'prod')
        .tokens!.map((t) => t.id)
        .sort(),
      theirs(prod, inProd.user),
    );
    assert.deepEqual(
      of(entries, 'staging')
        .tokens!.map((t) => t.id)
        .sort(),
      theirs(staging, inStaging.user),
    );
    assert.equal(of(entries, 'staging').user!.id, inStaging.user.id);
    assert.equal(of(entries, 'nobody-here').error?.kind, 'not-found');
    assert.match(of(entries, 'nobody-here').error!.message, /no user has the email mallory@example\.com/);
  });

  test('tokens revoke --user EMAIL --all --yes: revoked in every tenant at once, each within its own budget', async () => {
    const home = fleet();
    const inProd = mallory(prod, 45);
    const inStaging = mallory(staging, 45);
    const leftBroken = mallory(broken, 3);
    const count = (sim: Simulator, user: QlikUser) => sim.tokens().filter((t) => t.userId === user.id).length;
    const expected = {prod: count(prod, inProd.user), staging: count(staging, inStaging.user)};
    for (const sim of [prod, staging]) sim.resetStats();
    const run = await runCli(['tokens', 'revoke', '--user', EMAIL, '--all', '--all-profiles', '--yes', '--json'], {
      home,
    });
    assert.equal(run.code, 1, run.stderr); // the broken profile failed
    const entries = JSON.parse(run.stdout) as Array<Entry & {counts?: Record<string, number>; userId?: string}>;
    assert.deepEqual(
      entries.map((e) => [e.profile, e.counts?.revoked ?? e.error?.kind]),
      [
        ['broken', 'auth'],
        ['prod', expected.prod],
        ['staging', expected.staging],
      ],
    );
    assert.ok(inProd.ids.every((id) => !prod.hasToken(id)));
    assert.ok(inStaging.ids.every((id) => !staging.hasToken(id)));
    assert.ok(leftBroken.ids.every((id) => broken.hasToken(id)));
    assert.equal(of(entries, 'prod').userId, inProd.user.id);
    assert.equal(of(entries, 'staging').userId, inStaging.user.id);
    // Each tenant's engine paces its own DELETEs to that tenant's tier 2: none was refused.
    for (const sim of [prod, staging]) assert.equal(sim.stats().rateLimited.tier2, 0);
    assert.equal(deletes(prod), expected.prod);
    assert.equal(deletes(staging), expected.staging);
    assert.match(run.stderr, /3 profiles: 2 answered, 1 failed \(broken\)/);

    const {entries: audit} = await readAudit({file: path.join(home, 'audit.jsonl')});
    const byProfile = (name: string) => audit.filter((e) => e.profile === name && e.outcome === 'revoked').length;
    assert.equal(byProfile('prod'), expected.prod);
    assert.equal(byProfile('staging'), expected.staging);
    assert.equal(byProfile('broken'), 0);
  });

  test('every profile healthy: exit 0, the person has no token anywhere; human output grouped by profile', async () => {
    const home = homeWith([
      ['prod', prod],
      ['staging', staging],
    ]);
    const inProd = mallory(prod, 2);
    const inStaging = mallory(staging, 3);
    const run = await runCli(['tokens', 'revoke', '--user', EMAIL, '--all', '--all-profiles', '--yes'], {home});
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^== prod \\(${prod.url}\\)\\nTOKEN\\s+USER\\s+OUTCOME`, 'm'));
    assert.match(run.stdout, new RegExp(`^== staging \\(${staging.url}\\)\\nTOKEN\\s+USER\\s+OUTCOME`, 'm'));
    assert.match(run.stderr, /2 profiles: 2 answered/);
    assert.ok([...inProd.ids, ...inStaging.ids].every((id) => !prod.hasToken(id) && !staging.hasToken(id)));
  });

  test('a slow tenant holds up only itself; an unreachable one fails alone', async () => {
    const home = homeWith([
      ['prod', prod],
      ['staging', staging],
      ['gone', {url: 'http://127.0.0.1:1', clientId: 'x', clientSecret: 'gone-secret-1234'} as Simulator],
    ]);
    const inProd = mallory(prod, 3);
    const inStaging = mallory(staging, 3);
    // prod answers its token listing 2 s late: run one after another (the store's order: gone,
    // prod, staging), staging would wait behind it; at once, staging is done first.
    prod.inject({kind: 'slow', method: 'GET', path: '/api/v1/oauth-tokens', delayMs: 2000});
    try {
      const run = await runCli(['tokens', 'revoke', '--user', EMAIL, '--all', '--all-profiles', '--yes', '--json'], {
        home,
      });
      assert.equal(run.code, 1, run.stderr);
      const entries = JSON.parse(run.stdout) as Entry[];
      assert.equal(of(entries, 'gone').error?.kind, 'network');
      assert.match(of(entries, 'gone').error!.message, /cannot reach 127\.0\.0\.1:1/);
      assert.ok([...inProd.ids, ...inStaging.ids].every((id) => !prod.hasToken(id) && !staging.hasToken(id)));
      const {entries: audit} = await readAudit({file: path.join(home, 'audit.jsonl')});
      const last = (profile: string) =>
        Math.max(...audit.filter((e) => e.profile === profile).map((e) => Date.parse(e.time)));
      const first = (profile: string) =>
        Math.min(...audit.filter((e) => e.profile === profile).map((e) => Date.parse(e.time)));
      assert.ok(last('staging') < first('prod'), 'staging was revoked while prod was still listing');
    } finally {
      prod.clearFaults();
    }
  });

  test('--dry-run everywhere: what each tenant would lose, no DELETE anywhere; no --yes without a terminal: exit 2', async () => {
    const home = homeWith([
      ['prod', prod],
      ['staging', staging],
    ]);
    const inProd = mallory(prod, 2);
    const inStaging = mallory(staging, 1);
    const before = [deletes(prod), deletes(staging)];
    const dry = await runCli(['tokens', 'revoke', '--user', EMAIL, '--all', '--all-profiles', '--dry-run', '--json'], {
      home,
    });
    assert.equal(dry.code, 0, dry.stderr);
    const entries = JSON.parse(dry.stdout) as Array<Entry & {tokens: Array<{id: string}>}>;
    assert.deepEqual(
      entries.map((e) => [e.profile, e.tokens.length]),
      [
        ['prod', prod.tokens().filter((t) => t.userId === inProd.user.id).length],
        ['staging', staging.tokens().filter((t) => t.userId === inStaging.user.id).length],
      ],
    );
    const refused = await runCli(['tokens', 'revoke', '--user', EMAIL, '--all', '--all-profiles'], {home});
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--yes/);
    assert.deepEqual([deletes(prod), deletes(staging)], before, 'no DELETE anywhere');
    assert.ok([...inProd.ids].every((id) => prod.hasToken(id)));
  });

  test('--watch everywhere: each tenant watched after its run; tokens a live session mints anywhere are revoked, exit 0', async () => {
    const home = homeWith([
      ['prod', prod],
      ['staging', staging],
    ]);
    const inProd = mallory(prod, 2);
    const inStaging = mallory(staging, 2);
    // A live session in each tenant mints one of Mallory's tokens every 400 ms.
    const stops = [
      prod.startMinting({userId: inProd.user.id, everyMs: 400}),
      staging.startMinting({userId: inStaging.user.id, everyMs: 400}),
    ];
    try {
      const run = await runCli(
        ['tokens', 'revoke', '--user', EMAIL, '--all', '--all-profiles', '--yes', '--watch', '4s', '--json'],
        {home, timeoutMs: 60_000},
      );
      for (const stop of stops) stop();
      assert.equal(run.code, 0, run.stderr);
      const entries = JSON.parse(run.stdout) as Array<
        Entry & {
          outcomes: Array<{tokenId: string; outcome: string; phase: string}>;
          watch: {endedBy: string; remaining: string[]};
        }
      >;
      for (const [name, sim, user] of [
        ['prod', prod, inProd.user],
        ['staging', staging, inStaging.user],
      ] as const) {
        const entry = of(entries, name);
        const late = entry.outcomes.filter((o) => o.phase === 'watch');
        assert.ok(late.length >= 3, `${name}: ${late.length} revoked while watching`);
        assert.ok(late.every((o) => o.outcome === 'revoked' && !sim.hasToken(o.tokenId)));
        const minted = new Set(sim.minted().map((m) => m.id));
        assert.ok(
          late.every((o) => minted.has(o.tokenId)),
          `${name}: the watch revoked only minted tokens`,
        );
        assert.equal(entry.watch.endedBy, 'duration');
        assert.deepEqual(entry.watch.remaining, []);
        // What a session minted after the last listing may still be there: the stop came after the run.
        assert.ok(
          sim.tokens().filter((t) => t.userId === user.id && !minted.has(t.id)).length === 0,
          `${name}: Mallory's own tokens are all gone`,
        );
      }
      assert.match(run.stderr, /then watching for 4s on each tenant/);
      assert.match(run.stderr, /prod: late token [0-9a-f]{24}: revoked/);
      assert.match(run.stderr, /staging: late token [0-9a-f]{24}: revoked/);
    } finally {
      for (const stop of stops) stop();
    }
  });

  test(
    '--watch on a terminal: one confirmation names the watch; ctrl-c ends every tenant\u2019s watch with its summary',
    {skip: process.platform === 'win32'},
    async () => {
      const home = homeWith([
        ['prod', prod],
        ['staging', staging],
      ]);
      const inProd = mallory(prod, 1);
      const inStaging = mallory(staging, 1);
      const expected =
        prod.tokens().filter((t) => t.userId === inProd.user.id).length +
        staging.tokens().filter((t) => t.userId === inStaging.user.id).length;
      const t = spawnInPty(['tokens', 'revoke', '--user', EMAIL, '--all', '--all-profiles', '--watch', '10m'], {
        home,
        cols: 200,
      });
      await t.waitFor(new RegExp(`Type ${expected} to revoke all ${expected} on 2 tenants and watch for 10m`));
      t.write(`${expected}\r`);
      await t.waitFor(
        /containing · .*prod watching 9:\d\d left.*staging watching|containing · .*staging watching 9:\d\d left.*prod watching/,
      );
      t.write('\u0003');
      assert.equal(await t.exit, 0, t.output()); // Mallory holds no token anywhere
      assert.match(t.output(), /stopping: no new requests, and every watch ends/);
      assert.equal(t.output().match(/watch ended by ctrl-c after/g)?.length, 2, t.output());
    },
  );

  test('--all-profiles refuses --profile, the QLIK_* overrides and token IDs (exit 2) before any request', async () => {
    const home = homeWith([['prod', prod]]);
    const before = prod.stats().requests;
    for (const [args, env] of [
      [['--profile', 'prod', 'users', 'search', 'x', '--all-profiles'], {}],
      [['users', 'search', 'x', '--all-profiles'], {QLIK_TENANT: staging.url}],
      [['tokens', 'revoke', 'abc', '--all-profiles', '--yes'], {}],
      [['tokens', 'revoke', '--unused-for', '30d', '--all-profiles', '--yes'], {}],
    ] as Array<[string[], NodeJS.ProcessEnv]>) {
      const run = await runCli(args, {home, env});
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stdout, '');
    }
    assert.equal(prod.stats().requests, before);
  });

  test(
    'on a terminal: one confirmation for the total, each tenant listed',
    {skip: process.platform === 'win32'},
    async () => {
      const home = fleet();
      const inProd = mallory(prod, 3);
      const inStaging = mallory(staging, 2);
      const expected =
        prod.tokens().filter((t) => t.userId === inProd.user.id).length +
        staging.tokens().filter((t) => t.userId === inStaging.user.id).length;
      const t = spawnInPty(['tokens', 'revoke', '--user', EMAIL, '--all', '--all-profiles'], {home, cols: 160});
      await t.waitFor(new RegExp(`Type ${expected} to revoke all ${expected} on 2 tenants`));
      assert.match(t.output(), new RegExp(`prod \\(${prod.url}\\): \\d+ tokens? of Mallory`));
      assert.match(t.output(), new RegExp(`staging \\(${staging.url}\\): \\d+ tokens? of Mallory`));
      assert.match(t.output(), /broken \(.*\): failed: authentication failed/);
      t.write(`${expected}\r`);
      assert.equal(await t.exit, 1, t.output()); // revoked where it could be; the broken profile failed
      assert.ok([...inProd.ids].every((id) => !prod.hasToken(id)));
      assert.ok([...inStaging.ids].every((id) => !staging.hasToken(id)));
    },
  );
});
