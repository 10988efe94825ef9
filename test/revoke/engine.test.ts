// The engine against the simulator over real HTTP, with Qlik's tier-2 limit scaled down in time
// (20 per second instead of 100 per minute) so that a thousand tokens take a minute, not ten.
import {after, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {createQlikClient} from '../../source/qlik/client.js';
import type {QlikApi} from '../../source/qlik/types.js';
import {readAudit, revokeTokens, AuditUnavailableError, type RevokeEvent} from '../../source/revoke/index.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';

const TIER2 = {limit: 20, windowMs: 1000};

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function freshHome(): string {
  return mkdtempSync(path.join(tmpdir(), 'qlik-tokens-revoke-'));
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
  test('1,000 tokens, ~10% faults, tier 2 at 20/s: every token accounted for, none refused by the rate limit', async () => {
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
    assert.equal(entries.length, 1000, 'exactly one audit line per token');
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
      rateLimits: {tier2: TIER2},
      latencyMs: 5,
    });
    const ids = sim.tokens().map((t) => t.id);
    const controller = new AbortController();
    let seen = 0;
    const result = await revokeTokens({
      client,
      tokenIds: ids,
      rate: TIER2,
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
  });

  test('--user --all: a token minted during the run is reported, not silently missed', async () => {
    const {sim, client, auditFile} = await tenant({users: 1, tokens: 0, seed: 5, rateLimits: {tier2: TIER2}});
    const user = sim.users().find((u) => u.id !== sim.botUser.id)!;
    const original = Array.from({length: 40}, () => sim.addToken(user.id).id);
    let minted: string | undefined;
    const result = await revokeTokens({
      client,
      userId: user.id,
      all: true,
      rate: TIER2,
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
    // 6 per 3 s announced (the access token is one of them): five DELETEs go at once, the rest wait
    // for the window, which a progress line must be able to say.
    const {sim, client, auditFile} = await tenant({users: 2, tokens: 8, seed: 13, rateLimits: false});
    const ids = sim.tokens().map((t) => t.id);
    const events: RevokeEvent[] = [];
    const result = await revokeTokens({
      client,
      tokenIds: ids,
      rate: {limit: 6, windowMs: 3000},
      audit: {profile: 'test', file: auditFile},
      onEvent: (e) => events.push(e),
    });
    assert.equal(result.counts.revoked, 8);
    const paced = events.filter((e) => e.type === 'paced');
    assert.ok(paced.length >= 1, 'the pacing wait was reported');
    assert.ok(paced.every((e) => e.type === 'paced' && e.waitMs >= 1000 && e.until > 0));
    const firstPaced = events.findIndex((e) => e.type === 'paced');
    const outcomesBefore = events.slice(0, firstPaced).filter((e) => e.type === 'outcome').length;
    assert.ok(outcomesBefore <= 5, `${outcomesBefore} revoked before the wait`);
  });

  test('a tenant that allows less than it announced: 429, every worker pauses, the run finishes', async () => {
    const {sim, client, auditFile} = await tenant({
      users: 3,
      tokens: 100,
      seed: 9,
      rateLimits: {tier2: {limit: 10, windowMs: 1000}},
    });
    const ids = sim.tokens().map((t) => t.id);
    const events: RevokeEvent[] = [];
    const result = await revokeTokens({
      client,
      tokenIds: ids,
      rate: TIER2,
      audit: {profile: 'test', file: auditFile},
      onEvent: (e) => events.push(e),
    });
    assert.equal(result.counts.revoked, 100);
    assert.ok(ids.every((id) => !sim.hasToken(id)));
    const refused = sim.stats().rateLimited.tier2;
    assert.ok(refused > 0, 'the lower limit was hit');
    assert.ok(
      events.some((e) => e.type === 'rate-limited' && e.waitMs > 0),
      'the pause was reported',
    );
    // Ten windows at the tenant's real pace; a limiter that kept sending at 20/s would be refused in
    // each of them. After the first refusal it stays under what the tenant accepted.
    assert.ok(refused <= 12, `${refused} requests refused`);
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

  test('a token that does not exist is already-gone (404), not failed', async () => {
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
});
