// The TUI's d and R on a tenant that ignores the userId filter (or a proxy that drops the query
// string): the list of one user then holds everybody's tokens, and only that user's may be revoked.
import {after, afterEach, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createQlikClient} from '../../source/qlik/client.js';
import type {QlikApi, QlikUser} from '../../source/qlik/types.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {App} from '../../source/ui/app.js';
import {KEYS, press, renderSized, waitForFrame, waitForText} from './render-helpers.js';
import {simSession} from './sim-session.js';

let home: string;
let sim: Simulator;
let client: QlikApi;
const mounted: Array<() => void> = [];

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'qlik-tokens-owner-'));
  process.env.QLIK_TOKENS_HOME = home;
  sim = await startSimulator({users: 6, tokens: 30, seed: 5, rateLimits: false});
  client = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret});
});
afterEach(() => {
  sim.clearFaults();
  for (const unmount of mounted.splice(0)) unmount();
});
after(async () => {
  await client.close();
  await sim.stop();
  rmSync(home, {recursive: true, force: true});
});

function start() {
  const session = simSession({client, auditFile: join(home, 'audit.jsonl')});
  const app = renderSized(<App session={session} profiles={undefined} start={{name: 'picker'}} onExit={() => {}} />, {
    columns: 100,
    rows: 30,
  });
  mounted.push(app.unmount);
  return app;
}

/** A user with tokens whose name finds only them, and how many tokens everyone holds. */
function target(): {user: QlikUser; mine: number; total: number} {
  const tokens = sim.tokens();
  const user = sim
    .users()
    .filter((u) => u.id !== sim.botUser.id && sim.users().filter((o) => o.name.includes(u.name)).length === 1)
    .find((u) => tokens.filter((t) => t.userId === u.id).length >= 2);
  assert.ok(user, 'the simulated tenant has a user with 2+ tokens');
  return {user, mine: tokens.filter((t) => t.userId === user.id).length, total: tokens.length};
}

/** A row of the summary table: "│ revoked     │      6 │". */
const row = (outcome: string, count: number) => new RegExp(`│ ${outcome} +│ +${count} │`);

async function openIgnoringFilter(app: ReturnType<typeof start>, user: QlikUser, total: number) {
  sim.inject({kind: 'filter-ignored', method: 'GET', path: '/api/v1/oauth-tokens', times: Infinity});
  await waitForText(app, 'Find user');
  await press(app.stdin, user.name);
  await waitForFrame(app, (f) => /found/.test(f) && f.includes(user.name), 'search results');
  await press(app.stdin, KEYS.enter);
  // The tenant answered with every user's tokens for this user's list.
  await waitForFrame(app, (f) => f.includes(`Tokens of ${user.name}`) && f.includes(`· ${total} ·`), 'the list');
}

/** Types the count the dialog asks for, waits for the summary, and checks only the user's tokens went. */
async function confirmAndCheck(app: ReturnType<typeof start>, {user, mine, total}: ReturnType<typeof target>) {
  await waitForText(app, `Type ${total}`);
  await press(app.stdin, String(total), KEYS.enter);
  await waitForText(app, 'finished', 30_000);
  const frame = app.lastFrame() ?? '';
  assert.match(frame, row('revoked', mine));
  assert.match(frame, row('other users', total - mine));
  assert.match(frame, /the tenant returned \d+ tokens\s+of other users: not revoked/);
  assert.doesNotMatch(frame, /fewer than the/, 'the foreign tokens are not "gone since the list was shown"');
  assert.equal(sim.tokens().filter((t) => t.userId === user.id).length, 0, "the user's tokens are gone");
  assert.equal(sim.tokens().length, total - mine, "nobody else's token was touched");
}

describe("the TUI's revocations check each token's owner", () => {
  it("d on every token shown revokes only the user's own, and says the others were not sent", async () => {
    const who = target();
    const app = start();
    await openIgnoringFilter(app, who.user, who.total);
    await press(app.stdin, 'a');
    await waitForText(app, `${who.total} marked`);
    await press(app.stdin, 'd');
    await confirmAndCheck(app, who);
  });

  it("R revokes only the user's own tokens although the tenant lists everyone's", async () => {
    const who = target();
    const app = start();
    await openIgnoringFilter(app, who.user, who.total);
    await press(app.stdin, 'R');
    await confirmAndCheck(app, who);
  });
});
