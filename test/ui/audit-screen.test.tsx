// The TUI's audit screen (L) on a real simulated tenant: unknown outcomes (a DELETE sent whose
// answer was never recorded) are counted, and s settles them by listing the tenant, as
// `qlik-tokens audit --settle` does.
import {after, afterEach, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createQlikClient} from '../../source/qlik/client.js';
import type {QlikApi} from '../../source/qlik/types.js';
import {openAuditLog, readAudit} from '../../source/revoke/audit.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {App} from '../../source/ui/app.js';
import {press, renderSized, waitForFrame} from './render-helpers.js';
import {simSession} from './sim-session.js';

let home: string;
let sim: Simulator;
let client: QlikApi;
const mounted: Array<() => void> = [];

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'qlik-tokens-audit-screen-'));
  process.env.QLIK_TOKENS_HOME = home;
  sim = await startSimulator({users: 4, tokens: 12, seed: 3, rateLimits: false});
  client = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret});
});
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});
after(async () => {
  await client.close();
  await sim.stop();
  rmSync(home, {recursive: true, force: true});
});

function start(auditFile: string, size: {columns: number; rows: number} = {columns: 120, rows: 24}) {
  const session = simSession({client, auditFile, readonly: true});
  const app = renderSized(
    <App session={session} profiles={undefined} start={{name: 'audit'}} onExit={() => {}} />,
    size,
  );
  mounted.push(app.unmount);
  return app;
}

describe('the audit screen', () => {
  it('settles unknown outcomes with s: gone when listed is revoked, still listed is not', async () => {
    const auditFile = join(home, 'audit.jsonl');
    const [kept, gone] = sim.tokens();
    assert.ok(kept && gone);
    // A run killed after sending two DELETEs: one landed (the token is gone), one did not.
    const log = await openAuditLog(auditFile, {profile: 'test', tenant: client.tenantUrl});
    await log.intent({tokenId: kept.id, userId: kept.userId});
    await log.intent({tokenId: gone.id, userId: gone.userId});
    await log.close();
    sim.removeToken(gone.id);

    const app = start(auditFile);
    await waitForFrame(app, (f) => f.includes('2 unknown: s settles'), 'the unknowns counted');
    assert.equal((app.lastFrame() ?? '').match(/unknown \(sent, no answer recorded\)/g)?.length, 2);
    await press(app.stdin, 's');
    await waitForFrame(app, (f) => f.includes('Settled 2: 1 revoked, 1 not revoked'), 'the settle summary');
    await waitForFrame(
      app,
      (f) => f.includes('revoked (settled: gone when listed)') && f.includes('not revoked (settled: still listed)'),
      'both rows settled',
    );
    assert.doesNotMatch(app.lastFrame() ?? '', /unknown: s settles/);
    const {entries} = await readAudit({file: auditFile});
    assert.deepEqual(
      entries.map((e) => [e.tokenId, e.settled?.outcome]),
      [
        [kept.id, 'not-revoked'],
        [gone.id, 'revoked'],
      ],
      'what the screen settled is on disk',
    );
    await press(app.stdin, 's');
    await waitForFrame(app, (f) => f.includes('No unknown outcome to settle.'), 'nothing left to settle');
  });

  it('at 80x24 shows one line per entry with whole token IDs, and scrolls back at once from the end', async () => {
    const auditFile = join(home, 'audit-many.jsonl');
    const log = await openAuditLog(auditFile, {profile: 'test', tenant: client.tenantUrl});
    const ids = Array.from({length: 40}, (_, i) => `6${String(i).padStart(23, '0')}`);
    for (const tokenId of ids) {
      const userId = '64eb304c62ef259d0dffbff7';
      await log.intent({tokenId, userId});
      await log.record({
        time: new Date().toISOString(),
        profile: 'test',
        tenant: client.tenantUrl,
        tokenId,
        userId,
        outcome: 'revoked',
        status: 204,
      } as never);
    }
    await log.close();
    const app = start(auditFile, {columns: 80, rows: 24});
    await waitForFrame(app, (f) => f.includes('40 revocation outcomes'), 'the log read');
    const frame = app.lastFrame() ?? '';
    // Newest first: the last ID written is on top, whole, with its user whole beside it.
    assert.match(frame, new RegExp(`${ids[39]} 64eb304c62ef259d0dffbff7 revoked 204`));
    const shown = ids.filter((id) => frame.includes(id)).length;
    assert.ok(shown >= 17, `${shown} entries shown on 24 rows`);
    await press(app.stdin, ...Array<string>(60).fill('j'));
    await waitForFrame(app, (f) => f.includes(ids[0]!), 'the oldest entry, at the end');
    await press(app.stdin, 'k');
    await waitForFrame(app, (f) => !f.includes(ids[0]!), 'one ↑ scrolls back at once');
    assert.ok(app.frames.every((f) => f.split('\n').length < 24 && f.split('\n').every((line) => line.length <= 80)));
  });
});
