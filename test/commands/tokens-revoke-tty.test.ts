// `tokens revoke` on a terminal: the confirmation, the progress line, ctrl-c in the middle of a run.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {readAudit} from '../../source/revoke/audit.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {freshHome} from './cli-harness.js';
import {spawnInPty, type Terminal} from '../support/pty.js';

function onTerminal(sim: Simulator, home: string, args: string[]): Terminal {
  return spawnInPty(args, {
    home,
    cols: 120,
    env: {QLIK_TENANT: sim.url, QLIK_CLIENT_ID: sim.clientId, QLIK_CLIENT_SECRET: sim.clientSecret},
  });
}

const deletes = (sim: Simulator): number => sim.stats().byRoute['DELETE /api/v1/oauth-tokens/{id}'] ?? 0;

describe('tokens revoke on a terminal', {skip: process.platform === 'win32'}, () => {
  let sim: Simulator;
  const cleanups: Array<() => void> = [];
  before(async () => {
    // Tier 2 at 20 per second: a run of a hundred tokens lasts long enough to be interrupted.
    sim = await startSimulator({
      port: 0,
      users: 4,
      tokens: 0,
      seed: 8,
      rateLimits: {tier2: {limit: 20, windowMs: 1000}},
    });
  });
  after(async () => {
    await sim.stop();
    for (const cleanup of cleanups) cleanup();
  });
  const home = () => {
    const {home: dir, cleanup} = freshHome();
    cleanups.push(cleanup);
    return dir;
  };
  const userWithTokens = (count: number) => {
    const user = sim.addUser({name: 'Stolen Laptop', email: `owner-${count}@example.com`});
    return {user, ids: Array.from({length: count}, () => sim.addToken(user.id, {deviceType: 'Laptop'}).id)};
  };

  test('bulk: the operator must type the number of tokens; a wrong number revokes nothing', async () => {
    const {user, ids} = userWithTokens(7);
    const before = deletes(sim);
    const t = onTerminal(sim, home(), ['tokens', 'revoke', '--user', user.email!, '--all']);
    await t.waitFor(/Type 7 to revoke/);
    assert.match(t.output(), /7 tokens of Stolen Laptop/);
    assert.match(t.output(), new RegExp(ids[0]!));
    assert.match(t.output(), /… and 2 more/);
    t.write('y\r');
    assert.equal(await t.exit, 2);
    assert.equal(deletes(sim), before);
    assert.ok(ids.every((id) => sim.hasToken(id)));
  });

  test('bulk: typing the number revokes them all, with a progress line', async () => {
    const {user, ids} = userWithTokens(5);
    const t = onTerminal(sim, home(), ['tokens', 'revoke', '--user', user.id, '--all']);
    await t.waitFor(/Type 5 to revoke/);
    t.write('5\r');
    assert.equal(await t.exit, 0, t.output());
    assert.match(t.output(), /\r\u001b\[Krevoking \d+\/5/);
    assert.match(t.output(), /5 revoked · 0 already gone · 0 failed/);
    assert.ok(ids.every((id) => !sim.hasToken(id)));
  });

  test('bulk: a token gone between the confirmation and the run is said, not silently missing', async () => {
    const {user, ids} = userWithTokens(5);
    const t = onTerminal(sim, home(), ['tokens', 'revoke', '--user', user.id, '--all']);
    await t.waitFor(/Type 5 to revoke/);
    sim.removeToken(ids[0]!); // expired, or revoked by someone else, while the operator typed
    t.write('5\r');
    assert.equal(await t.exit, 0, t.output());
    assert.match(t.output(), /4 revoked · 0 already gone · 0 failed/);
    assert.match(t.output(), /1 token fewer than the 5 confirmed: gone since the list was shown/);
  });

  test('criteria: the matching tokens are counted and listed; the count must be typed', async () => {
    const user = sim.addUser({name: 'Hygiene', email: 'hygiene-tty@example.com'});
    const stale = Array.from({length: 3}, () => sim.addToken(user.id, {description: 'old CI', lastUsed: null}).id);
    const fresh = sim.addToken(user.id, {description: 'old CI', lastUsed: new Date().toISOString()}).id;
    const before = deletes(sim);
    const wrong = onTerminal(sim, home(), ['tokens', 'revoke', '--user', user.email!, '--unused-for', '30d']);
    await wrong.waitFor(/Type 3 to revoke/);
    assert.match(wrong.output(), /3 tokens unused for 30d of Hygiene <hygiene-tty@example\.com>/);
    assert.match(wrong.output(), new RegExp(stale[0]!));
    wrong.write('4\r');
    assert.equal(await wrong.exit, 2);
    assert.equal(deletes(sim), before);

    const right = onTerminal(sim, home(), ['tokens', 'revoke', '--user', user.id, '--unused-for', '30d']);
    await right.waitFor(/Type 3 to revoke/);
    right.write('3\r');
    assert.equal(await right.exit, 0, right.output());
    assert.match(right.output(), /3 revoked · 0 already gone · 0 failed/);
    assert.ok(stale.every((id) => !sim.hasToken(id)));
    assert.equal(sim.hasToken(fresh), true);
  });

  test('ctrl-c mid-run: requests in flight finish, the rest are listed as not tried, exit 2', async () => {
    const {user, ids} = userWithTokens(100);
    const dir = home();
    const t = onTerminal(sim, dir, ['tokens', 'revoke', '--user', user.id, '--all', '--yes']);
    await t.waitFor(/revoking (2\d|[3-9]\d)\/100/);
    t.write('\u0003');
    assert.equal(await t.exit, 2, t.output());
    await t.waitFor(/not tried/);
    const remaining = ids.filter((id) => sim.hasToken(id));
    assert.ok(remaining.length > 0 && remaining.length < 100, `${remaining.length} remaining`);
    // The audit log holds exactly the tokens that are gone as revoked. A request the cancel caught
    // waiting out a 429 has its intent logged and no answer: unknown (a later listing settles
    // it), and its token is still there. Untried tokens are not logged.
    const {entries} = await readAudit({file: path.join(dir, 'audit.jsonl')});
    const revoked = entries.filter((e) => e.outcome === 'revoked').map((e) => e.tokenId);
    assert.deepEqual(
      revoked.sort(),
      ids.filter((id) => !sim.hasToken(id)).sort(),
      'every revoked token is in the audit log',
    );
    for (const entry of entries.filter((e) => e.outcome !== 'revoked')) {
      assert.equal(entry.outcome, 'unknown', JSON.stringify(entry));
      assert.ok(sim.hasToken(entry.tokenId), `${entry.tokenId} is logged as unknown but gone`);
    }
    const untried = remaining.filter((id) => !entries.some((e) => e.tokenId === id));
    assert.ok(untried.length > 0, 'no token was left untried');
    assert.match(t.output(), new RegExp(`${untried[0]}\\s+${user.id}\\s+not-tried`));
  });
});
