// The engine against the simulator over real HTTP. Where the tenant's own rate limit takes part
// (it counts in real time), Qlik's tier-2 limit is scaled down in time — 250 a second instead of
// 500 per 5 minutes — so that a thousand tokens take seconds. Where only the engine's pacing is
// tested, the engine runs on a virtual clock with Qlik's real window: minutes of pacing in
// milliseconds.
import {after, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, readFileSync} from 'node:fs';
import {scratchDir} from '../support/scratch.js';
import path from 'node:path';
import {createQlikClient} from '../../source/qlik/client.js';
import type {QlikApi} from '../../source/qlik/types.js';
import {
  openAuditLog,
  readAudit,
  revokeTokens,
  AuditUnavailableError,
  TIER2_LIMIT,
  type RevokeEvent,
} from '../../source/revoke/index.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {sendJson, startTinyTenant, TINY_SECRET} from '../qlik/tiny-tenant.js';
import {virtualClock} from './virtual-clock.js';

const TIER2 = {limit: 250, windowMs: 1000};
/** For runs on the virtual clock: Qlik's announced 100 a minute, 20 a second for short windows. */
const SLOW_TIER2 = {limit: 20, windowMs: 1000};

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function freshHome(): string {
  return scratchDir('qlik-tokens-revoke-');
}

async function tenant(
  options: Parameters<typeof startSimulator>[0],
): Promise<{sim: Simulator; client: QlikApi; auditFile: string}> {
  const sim = await startSimulator({port: 0, ...options});
  const client = createQlikClient(
    {tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret},
    {timeouts: {connect: 2000, headers: 2000, body: 2000}},
  );
  cleanups.push(async () => {
    await client.close();
    await sim.stop();
  });
  return {sim, client, auditFile: path.join(freshHome(), 'audit.jsonl')};
}

const deletes = (sim: Simulator): number => sim.stats().byRoute['DELETE /api/v1/oauth-tokens/{id}'] ?? 0;

describe('bulk revocation engine on the simulator', () => {
  test('1,000 tokens, ~10% faults, tier 2 at 250/s: every token accounted for, none refused by the rate limit', async () => {
    const {sim, client, auditFile} = await tenant({
      users: 30,
      tokens: 1000,
      seed: 7,
      rateLimits: {tier2: TIER2},
      faults: {errorRate: 0.04, resetRate: 0.03, deleteAppliedButFailsRate: 0.03},
    });
    const ids = sim.tokens().map((t) => t.id);
    assert.equal(ids.length, 1000);
    const events: RevokeEvent[] = [];
    const result = await revokeTokens({
      client,
      tokenIds: ids,
      rate: TIER2,
      backoffMs: 20,
      audit: {profile: 'test', file: auditFile},
      onEvent: (event) => events.push(event),
    });

    assert.equal(result.cancelled, false);
    assert.equal(result.outcomes.length, 1000);
    assert.deepEqual(
      result.outcomes.map((o) => o.tokenId),
      ids,
      'one outcome per token, in the order given',
    );
    for (const o of result.outcomes) {
      assert.ok(['revoked', 'already-gone', 'failed'].includes(o.outcome), `${o.tokenId}: ${o.outcome}`);
      if (o.outcome === 'failed')
        assert.ok(o.error && o.error.kind && o.error.message, `${o.tokenId} failed without a reason`);
      else assert.equal(sim.hasToken(o.tokenId), false, `${o.tokenId} reported ${o.outcome} but still exists`);
      if (o.outcome === 'revoked') assert.equal(o.status, 204);
    }
    // A DELETE applied but answered 503 is retried, meets 404, and is already-gone — not failed.
    assert.ok(result.counts['already-gone'] > 0, 'the lost-answer faults produced already-gone outcomes');
    assert.ok(result.counts.failed <= 5, `${result.counts.failed} failed: retries should absorb ~10% faults`);
    assert.ok(sim.stats().faultsInjected > 50, 'faults were injected');
    assert.equal(sim.stats().rateLimited.tier2, 0, 'no request refused for exceeding the announced limit');

    const {entries, skipped} = await readAudit({file: auditFile});
    assert.equal(skipped, 0);
    assert.equal(entries.length, 1000, 'exactly one audit record per token');
    const lines = readFileSync(auditFile, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as {type: string});
    assert.equal(lines.filter((l) => l.type === 'intent').length, 1000, 'one intent per token, before its DELETE');
    assert.equal(lines.filter((l) => l.type === 'outcome').length, 1000, 'and one outcome');
    const byToken = new Map(entries.map((e) => [e.tokenId, e]));
    assert.equal(byToken.size, 1000);
    for (const o of result.outcomes) {
      const entry = byToken.get(o.tokenId)!;
      assert.equal(entry.outcome, o.outcome);
      assert.equal(entry.tenant, client.tenantUrl);
      assert.equal(entry.profile, 'test');
    }

    assert.equal(events[0]?.type, 'started');
    assert.equal(events.at(-1)?.type, 'done');
    assert.equal(events.filter((e) => e.type === 'outcome').length, 1000);
  });

  test('each outcome is in the audit log before its event is emitted', async () => {
    const {sim, client, auditFile} = await tenant({users: 3, tokens: 12, seed: 3, rateLimits: false});
    const missing: string[] = [];
    let emitted = 0;
    await revokeTokens({
      client,
      tokenIds: sim.tokens().map((t) => t.id),
      audit: {profile: 'test', file: auditFile},
      onEvent: (event) => {
        if (event.type !== 'outcome') return;
        emitted++;
        // Read synchronously, at the moment of emission: a write still under way would not be seen.
        if (!readFileSync(auditFile, 'utf8').includes(`"tokenId":"${event.outcome.tokenId}"`))
          missing.push(event.outcome.tokenId);
      },
    });
    assert.equal(emitted, 12);
    assert.deepEqual(missing, []);
  });

  test('cancelling mid-run: no new requests, in-flight ones finish, untried tokens are listed and untouched', async () => {
    const {sim, client, auditFile} = await tenant({
      users: 5,
      tokens: 200,
      seed: 11,
      rateLimits: false,
      latencyMs: 5,
    });
    const ids = sim.tokens().map((t) => t.id);
    const controller = new AbortController();
    let seen = 0;
    const result = await revokeTokens({
      client,
      tokenIds: ids,
      rate: SLOW_TIER2,
      clock: virtualClock(),
      signal: controller.signal,
      audit: {profile: 'test', file: auditFile},
      onEvent: (event) => {
        if (event.type === 'outcome' && ++seen === 30) controller.abort();
      },
    });
    assert.equal(result.cancelled, true);
    assert.equal(result.outcomes.length, 200);
    const notTried = result.outcomes.filter((o) => o.outcome === 'not-tried');
    assert.ok(notTried.length > 100, `${notTried.length} not tried`);
    for (const o of notTried) {
      assert.equal(sim.hasToken(o.tokenId), true, `${o.tokenId} was not tried but is gone`);
      assert.equal(o.attempts, 0);
    }
    for (const o of result.outcomes.filter((x) => x.outcome === 'revoked' || x.outcome === 'already-gone')) {
      assert.equal(sim.hasToken(o.tokenId), false, `${o.tokenId} reported ${o.outcome} but still exists`);
    }
    assert.equal(deletes(sim), 200 - notTried.length, 'a DELETE for every tried token, none for the others');
    const {entries} = await readAudit({file: auditFile});
    assert.equal(entries.length, 200 - notTried.length, 'the audit log records what was tried, nothing else');
    for (const entry of entries) {
      if (entry.outcome === 'unknown')
        assert.equal(sim.hasToken(entry.tokenId), true, 'cut off in flight, not applied');
    }
  });

  test('--user --all: a token minted during the run is reported, not silently missed', async () => {
    const {sim, client, auditFile} = await tenant({users: 1, tokens: 0, seed: 5, rateLimits: false});
    const user = sim.users().find((u) => u.id !== sim.botUser.id)!;
    const original = Array.from({length: 40}, () => sim.addToken(user.id).id);
    let minted: string | undefined;
    const result = await revokeTokens({
      client,
      userId: user.id,
      all: true,
      rate: SLOW_TIER2,
      clock: virtualClock(),
      audit: {profile: 'test', file: auditFile},
      onEvent: (event) => {
        if (event.type === 'outcome' && event.done === 5) minted = sim.addToken(user.id, {deviceType: 'Phone'}).id;
      },
    });
    assert.ok(minted);
    assert.deepEqual(result.outcomes.map((o) => o.tokenId).sort(), [...original].sort());
    assert.equal(result.counts.revoked, 40);
    for (const o of result.outcomes) assert.equal(o.userId, user.id);
    assert.deepEqual(
      result.newTokens?.map((t) => t.id),
      [minted],
    );
    assert.equal(sim.hasToken(minted), true, 'reported, not revoked: the operator decides');
  });

  test('an audit log that cannot be written: refuses before any DELETE', async () => {
    const {sim, client} = await tenant({users: 2, tokens: 10, seed: 2, rateLimits: false});
    const home = freshHome();
    mkdirSync(path.join(home, 'audit.jsonl')); // a directory where the file should be
    const ids = sim.tokens().map((t) => t.id);
    await assert.rejects(
      revokeTokens({client, tokenIds: ids, audit: {profile: 'test', file: path.join(home, 'audit.jsonl')}}),
      AuditUnavailableError,
    );
    assert.equal(deletes(sim), 0);
    assert.ok(ids.every((id) => sim.hasToken(id)));
  });

  test('cancelling while a 429 blocks the tier stops at once: nothing waits out Retry-After or the grace', async () => {
    // The tenant allows 5 DELETEs per 5 minutes, far below what the engine is told: the sixth is
    // refused with a Retry-After of minutes, and the client holds every worker at its tier gate. With
    // a 10-minute grace, only the blocked-tier rule lets this run end before the test's own timeout.
    const sim = await startSimulator({
      port: 0,
      users: 3,
      tokens: 30,
      seed: 12,
      rateLimits: {tier2: {limit: 5, windowMs: 300_000}},
    });
    const client = createQlikClient(
      {tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret},
      {maxRateLimitWaitMs: 600_000},
    );
    cleanups.push(async () => {
      await client.close();
      await sim.stop();
    });
    const auditFile = path.join(freshHome(), 'audit.jsonl');
    const ids = sim.tokens().map((t) => t.id);
    const controller = new AbortController();
    const result = await revokeTokens({
      client,
      tokenIds: ids,
      rate: {limit: 100, windowMs: 1000},
      inFlightGraceMs: 600_000,
      signal: controller.signal,
      audit: {profile: 'test', file: auditFile},
      onEvent: (event) => {
        if (event.type === 'rate-limited') controller.abort();
      },
    });
    assert.equal(result.cancelled, true);
    assert.ok(sim.stats().rateLimited.tier2 >= 1, 'the tenant refused, and the tier was blocked');
    for (const o of result.outcomes) {
      if (o.outcome === 'revoked' || o.outcome === 'already-gone')
        assert.equal(sim.hasToken(o.tokenId), false, o.tokenId);
      else assert.equal(sim.hasToken(o.tokenId), true, `${o.tokenId} is ${o.outcome} but gone`);
    }
    assert.ok(result.counts.revoked <= 5);
  });

  test('when the announced budget is spent, the wait for the window is reported, not silent', async () => {
    // Qlik's own tier: 500 per 5 minutes, the access token one of them. 510 tokens: 499 DELETEs go
    // at once, the rest wait out the 5-minute window — on the virtual clock, in a moment of real
    // time — and the wait is reported, which a progress line must be able to say.
    const {sim, client, auditFile} = await tenant({users: 4, tokens: 510, seed: 13, rateLimits: false});
    const ids = sim.tokens().map((t) => t.id);
    const events: Array<{event: RevokeEvent; at: number}> = [];
    const clock = virtualClock();
    const result = await revokeTokens({
      client,
      tokenIds: ids,
      rate: TIER2_LIMIT,
      clock,
      audit: {profile: 'test', file: auditFile},
      onEvent: (event) => events.push({event, at: clock.elapsed()}),
    });
    assert.equal(result.counts.revoked, 510);
    const paced = events.filter((e) => e.event.type === 'paced');
    assert.ok(paced.length >= 1, 'the pacing wait was reported');
    const firstPaced = events.findIndex((e) => e.event.type === 'paced');
    const wait = paced[0]!.event as Extract<RevokeEvent, {type: 'paced'}>;
    assert.ok(wait.waitMs >= 295_000 && wait.waitMs <= 305_000, `a wait of ${wait.waitMs} ms for the 5-minute window`);
    const outcomes = events.filter((e) => e.event.type === 'outcome');
    const before = events.slice(0, firstPaced).filter((e) => e.event.type === 'outcome').length;
    assert.ok(before <= 499, `${before} revoked before the wait`);
    // Nothing was sent early: the 500th DELETE's answer came a window after the burst.
    assert.ok(outcomes[499]!.at >= 300_000, `the 500th outcome at ${outcomes[499]!.at} virtual ms`);
    assert.ok(clock.elapsed() < 700_000, 'and the rest did not wait a second window');
  });

  test('a tenant that allows less than it announced: 429, every worker pauses, the run finishes', async () => {
    const {sim, client, auditFile} = await tenant({
      users: 3,
      tokens: 40,
      seed: 9,
      rateLimits: {tier2: {limit: 10, windowMs: 1000}},
    });
    const ids = sim.tokens().map((t) => t.id);
    const events: RevokeEvent[] = [];
    const result = await revokeTokens({
      client,
      tokenIds: ids,
      rate: SLOW_TIER2,
      audit: {profile: 'test', file: auditFile},
      onEvent: (e) => events.push(e),
    });
    assert.equal(result.counts.revoked, 40);
    assert.ok(ids.every((id) => !sim.hasToken(id)));
    const refused = sim.stats().rateLimited.tier2;
    assert.ok(refused > 0, 'the lower limit was hit');
    assert.ok(
      events.some((e) => e.type === 'rate-limited' && e.waitMs > 0),
      'the pause was reported',
    );
    // Four windows at the tenant's real pace; a limiter that kept sending at 20/s would be refused in
    // each of them. After the first refusal it stays under what the tenant accepted.
    assert.ok(refused <= 6, `${refused} requests refused`);
  });

  test('pasted IDs: padding, duplicates and blanks are cleaned up', async () => {
    const {sim, client, auditFile} = await tenant({users: 2, tokens: 3, seed: 4, rateLimits: false});
    const [a, b] = sim.tokens().map((t) => t.id);
    const result = await revokeTokens({
      client,
      tokenIds: [`  ${a}\n`, a!, '', `\t${b} `],
      audit: {profile: 'test', file: auditFile},
    });
    assert.deepEqual(
      result.outcomes.map((o) => [o.tokenId, o.outcome]),
      [
        [a, 'revoked'],
        [b, 'revoked'],
      ],
    );
  });

  test('a listed token that is gone is already-gone (404), not failed', async () => {
    const {client, auditFile} = await tenant({users: 1, tokens: 0, seed: 1, rateLimits: false});
    const result = await revokeTokens({
      client,
      tokenIds: ['000000000000000000000000'],
      audit: {profile: 'test', file: auditFile},
    });
    assert.deepEqual(
      result.outcomes.map((o) => [o.outcome, o.status]),
      [['already-gone', 404]],
    );
  });

  test('an ID the operator typed: 404 on the first attempt is not-found; 404 after a lost answer is already-gone', async () => {
    const {sim, client, auditFile} = await tenant({users: 2, tokens: 2, seed: 1, rateLimits: false});
    const [lost] = sim.tokens().map((t) => t.id);
    // The first DELETE lands but its answer is a 503: the retry meets 404, our own doing.
    sim.inject({kind: 'delete-applied-503', method: 'DELETE', path: `/api/v1/oauth-tokens/${lost}`});
    const result = await revokeTokens({
      client,
      tokenIds: ['000000000000000000000000', lost!, 'foo'],
      origin: 'operator',
      backoffMs: 5,
      audit: {profile: 'test', file: auditFile},
    });
    assert.deepEqual(
      result.outcomes.map((o) => [o.tokenId, o.outcome, o.status, o.attempts]),
      [
        ['000000000000000000000000', 'not-found', 404, 1],
        [lost, 'already-gone', 404, 2],
        ['foo', 'not-found', 404, 1],
      ],
    );
    assert.equal(sim.hasToken(lost!), false);
    const {entries} = await readAudit({file: auditFile});
    assert.deepEqual(
      entries.map((e) => e.outcome),
      ['not-found', 'already-gone', 'not-found'],
    );
  });
});

describe('the engine never trusts the tenant with whose tokens it revokes', () => {
  test('--user U --all on a tenant that ignores the user filter: only U\u2019s tokens are revoked, the others reported', async () => {
    const {sim, client, auditFile} = await tenant({users: 6, tokens: 60, seed: 31, rateLimits: false});
    const victim = sim.tokens().find((t) => t.userId !== sim.botUser.id)!.userId;
    const theirs = sim
      .tokens()
      .filter((t) => t.userId === victim)
      .map((t) => t.id);
    const others = sim
      .tokens()
      .filter((t) => t.userId !== victim)
      .map((t) => t.id);
    assert.ok(theirs.length > 0 && others.length > 0);
    sim.inject({kind: 'filter-ignored', method: 'GET', path: '/api/v1/oauth-tokens', times: Number.POSITIVE_INFINITY});
    const result = await revokeTokens({client, userId: victim, all: true, audit: {profile: 'test', file: auditFile}});
    assert.deepEqual(result.outcomes.map((o) => o.tokenId).sort(), [...theirs].sort());
    assert.equal(result.counts.revoked, theirs.length);
    for (const id of others) assert.equal(sim.hasToken(id), true, `${id} of another user was revoked`);
    assert.deepEqual(result.foreign.map((f) => f.tokenId).sort(), [...others].sort());
    assert.ok(result.foreign.every((f) => f.userId !== victim));
    assert.equal(deletes(sim), theirs.length, 'no DELETE for another user\u2019s token');
    assert.deepEqual(result.newTokens, [], 'other users\u2019 tokens are no "new tokens" of this user either');
  });

  test('expectUserId (tokens picked from one user\u2019s list): refs of another owner, or none, are never sent', async () => {
    const {sim, client, auditFile} = await tenant({users: 4, tokens: 30, seed: 32, rateLimits: false});
    const [mine, stranger] = [...new Set(sim.tokens().map((t) => t.userId))];
    const own = sim.tokens().find((t) => t.userId === mine)!;
    const foreign = sim.tokens().find((t) => t.userId === stranger)!;
    const result = await revokeTokens({
      client,
      tokenIds: [
        {id: own.id, userId: mine!},
        {id: foreign.id, userId: stranger!},
        foreign.id, // no owner stated: cannot be shown to be the user's
      ],
      expectUserId: mine!,
      audit: {profile: 'test', file: auditFile},
    });
    assert.deepEqual(
      result.outcomes.map((o) => [o.tokenId, o.outcome]),
      [[own.id, 'revoked']],
    );
    assert.deepEqual(result.foreign, [{tokenId: foreign.id, userId: stranger}]);
    assert.equal(result.dropped, 1, 'the same ID twice counts once');
    assert.equal(sim.hasToken(foreign.id), true);
    assert.equal(deletes(sim), 1);
  });
});

describe('the audit log is a write-ahead log', () => {
  test('the intent of each token is on disk before its DELETE reaches the tenant', async () => {
    const auditFile = path.join(freshHome(), 'audit.jsonl');
    const unseen: string[] = [];
    const tiny = await startTinyTenant((req, res) => {
      const id = /^\/api\/v1\/oauth-tokens\/(.+)$/.exec(req.url)?.[1];
      if (req.method === 'DELETE' && id) {
        // Read at the moment the DELETE arrives: a line still being written would not be seen.
        const intents = readFileSync(auditFile, 'utf8')
          .split('\n')
          .filter((line) => line.includes('"type":"intent"') && line.includes(`"tokenId":"${id}"`));
        if (intents.length !== 1) unseen.push(id);
        res.writeHead(204).end();
        return;
      }
      sendJson(res, 404, {errors: [{code: 'HTTP-404', title: 'Not found'}]});
    });
    const client = createQlikClient({tenantUrl: tiny.url, clientId: 'tiny-client', clientSecret: TINY_SECRET});
    cleanups.push(async () => {
      await client.close();
      await tiny.stop();
    });
    const ids = Array.from({length: 12}, (_, i) => `token${String(i).padStart(2, '0')}`);
    const result = await revokeTokens({client, tokenIds: ids, audit: {profile: 'test', file: auditFile}});
    assert.equal(result.counts.revoked, 12);
    assert.deepEqual(unseen, [], 'every DELETE arrived after its intent was on disk');
  });

  test('a bulk run settles the unknowns an earlier (killed) run left for the same user', async () => {
    const {sim, client, auditFile} = await tenant({users: 1, tokens: 0, seed: 33, rateLimits: false});
    const user = sim.users().find((u) => u.id !== sim.botUser.id)!;
    const [landed, stillThere] = [sim.addToken(user.id).id, sim.addToken(user.id).id];
    // The earlier run: both intents on disk, one DELETE landed, then the process died.
    const killed = await openAuditLog(auditFile, {profile: 'test', tenant: client.tenantUrl});
    await killed.intent({tokenId: landed, userId: user.id});
    await killed.intent({tokenId: stillThere, userId: user.id});
    await killed.close();
    sim.removeToken(landed);

    const result = await revokeTokens({client, userId: user.id, all: true, audit: {profile: 'test', file: auditFile}});
    assert.deepEqual(result.settled, {revoked: [landed], notRevoked: [stillThere]});
    assert.deepEqual(
      result.outcomes.map((o) => [o.tokenId, o.outcome]),
      [[stillThere, 'revoked']],
    );
    const {entries} = await readAudit({file: auditFile});
    assert.deepEqual(
      entries.map((e) => [e.tokenId, e.outcome, e.settled?.outcome]),
      [
        [landed, 'unknown', 'revoked'],
        [stillThere, 'unknown', 'not-revoked'],
        [stillThere, 'revoked', undefined],
      ],
    );
  });
});

describe('repeated 429s on one DELETE', () => {
  test('have a ceiling: the token fails as rate-limited, the run ends, the tenant is not hammered', async () => {
    const auditFile = path.join(freshHome(), 'audit.jsonl');
    let refused = 0;
    const tiny = await startTinyTenant((req, res) => {
      if (req.method === 'DELETE') {
        refused++;
        sendJson(
          res,
          429,
          {errors: [{code: 'HTTP-429', title: 'API rate limit reached.', detail: 'Wait 1 second.'}]},
          {'retry-after': '1'},
        );
        return;
      }
      sendJson(res, 404, {errors: [{code: 'HTTP-404', title: 'Not found'}]});
    });
    const client = createQlikClient(
      {tenantUrl: tiny.url, clientId: 'tiny-client', clientSecret: TINY_SECRET},
      {maxRateLimitWaitMs: 1500},
    );
    cleanups.push(async () => {
      await client.close();
      await tiny.stop();
    });
    const result = await revokeTokens({
      client,
      tokenIds: ['always-refused'],
      maxRateLimitedMs: 2500,
      audit: {profile: 'test', file: auditFile},
    });
    assert.equal(result.outcomes[0]!.outcome, 'failed');
    assert.equal(result.outcomes[0]!.error?.kind, 'rate-limited');
    assert.match(result.outcomes[0]!.error!.message, /kept refusing/);
    // 2.5 s of ceiling at one refusal a second (plus the client's own second try): a handful, not
    // the 66 (6 calls of 11) that an unbounded run sent before it gave up after a minute.
    assert.ok(refused <= 6, `${refused} DELETEs sent`);
  });
});
