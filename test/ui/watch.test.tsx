// The watch after `R`, the whole app on a simulated tenant over HTTP: the summary offers w, the
// header counts down and counts the late tokens, each late revocation is in the message log, esc
// on the list stops it.
import {after, afterEach, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import stringWidth from 'string-width';
import {createQlikClient} from '../../source/qlik/client.js';
import type {QlikApi, QlikUser} from '../../source/qlik/types.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {App} from '../../source/ui/app.js';
import type {UiSession} from '../../source/ui/tenant-session.js';
import {watchHeaderText} from '../../source/ui/hooks/use-watch.js';
import {emptyWatchProgress} from '../../source/revoke/index.js';
import {KEYS, lines, press, renderSized, waitForFrame, waitForText} from './render-helpers.js';
import {simSession} from './sim-session.js';

let home: string;
let sim: Simulator;
let client: QlikApi;

const session = (readonly = false): UiSession =>
  simSession({client, auditFile: join(home, 'audit.jsonl'), readonly, watch: true});

const mounted: Array<() => void> = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'qlik-tokens-ui-watch-'));
  process.env.QLIK_TOKENS_HOME = home;
  sim = await startSimulator({users: 10, tokens: 40, seed: 19, rateLimits: false});
  client = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret});
});

after(async () => {
  await client.close();
  await sim.stop();
  rmSync(home, {recursive: true, force: true});
});

function start() {
  const rows = 24;
  const app = renderSized(<App session={session()} profiles={undefined} start={{name: 'picker'}} onExit={() => {}} />, {
    columns: 80,
    rows,
  });
  mounted.push(app.unmount);
  const assertFramesFit = () => {
    for (const frame of app.frames) {
      const shown = lines(frame);
      assert.ok(shown.length <= rows - 1, `a frame of ${shown.length} lines on ${rows} rows:\n${frame}`);
      for (const line of shown) assert.ok(stringWidth(line) < 80, `too wide: ${line}`);
    }
  };
  return {...app, assertFramesFit};
}

async function revokeAll(app: ReturnType<typeof start>, user: QlikUser, local: string) {
  const count = sim.tokens().filter((t) => t.userId === user.id).length;
  await waitForText(app, 'Find user');
  await press(app.stdin, local);
  await waitForFrame(app, (f) => f.includes(user.name) && /found/.test(f), 'the user found');
  await press(app.stdin, KEYS.enter);
  await waitForFrame(app, (f) => new RegExp(`· ${count} · sort`).test(f) && f.includes('▸ '), 'the list');
  await press(app.stdin, 'R');
  await waitForText(app, `Revoke ALL ${count} token`);
  await press(app.stdin, String(count), KEYS.enter);
  await waitForText(app, `Revocation of ${count} token`);
}

describe('the watch after R', () => {
  it('the header text: name, time left and count; a short form for 80 columns; stopping', () => {
    const progress = {...emptyWatchProgress('u', 1_000_000 + 14 * 60_000 + 32_400), revoked: 3};
    const state = {label: 'A Very Long Name Indeed', progress, stopping: false};
    assert.deepEqual(watchHeaderText(state, 1_000_000), {
      full: 'watching A Very Long Nam… 14:33 left · 3 late revoked',
      short: 'watch 14:33 · 3 late revoked',
    });
    assert.equal(watchHeaderText({...state, stopping: true}, 1_000_000).short, 'watch stopping… · 3 late revoked');
    assert.match(watchHeaderText(state, 2_000_000).full, / 0:00 left/, 'never negative');
  });

  it('w keeps watching: the header counts down and counts late tokens; esc stops; the log has each', async () => {
    const user = sim.addUser({name: 'Watched Person', email: 'watched.person@example.com'});
    for (let i = 0; i < 3; i++) sim.addToken(user.id, {deviceType: 'Laptop'});
    const app = start();
    await revokeAll(app, user, 'watched.person');
    await waitForText(app, 'w keep watching Watched Person for 15 minutes');
    assert.match(app.lastFrame() ?? '', /w keep watching 15 min/, 'the footer hint');
    await press(app.stdin, 'w');
    await waitForFrame(app, (f) => /watch 1[45]:\d\d · 0 late revoked/.test(f), 'the header');
    assert.match(app.lastFrame() ?? '', /esc stop watch/);
    // A live session mints two tokens: the watch finds and revokes them.
    const late = [sim.addToken(user.id).id, sim.addToken(user.id).id];
    await waitForFrame(app, (f) => /2 late revoked/.test(f), 'two late tokens revoked', 15_000);
    assert.ok(late.every((id) => !sim.hasToken(id)));
    const audit = readFileSync(join(home, 'audit.jsonl'), 'utf8');
    for (const id of late) assert.match(audit, new RegExp(`"tokenId":"${id}".*"outcome":"revoked"`));
    await press(app.stdin, KEYS.esc);
    await waitForFrame(app, (f) => /Watch of Watched Person stopped: 2 late tokens, 2 revoked/.test(f), 'the end');
    await waitForFrame(app, (f) => !/late revoked/.test(f) && f.includes('Tokens of Watched Person'), 'no watch');
    await press(app.stdin, 'm');
    await waitForText(app, 'Message log');
    const log = app.lastFrame() ?? '';
    for (const id of late) assert.ok(log.includes(`Late token ${id}`), `${id} is not in the log:\n${log}`);
    app.assertFramesFit();
  });

  it('any other key closes the summary without watching', async () => {
    const user = sim.addUser({name: 'Not Watched', email: 'not.watched@example.com'});
    sim.addToken(user.id);
    const app = start();
    await revokeAll(app, user, 'not.watched');
    await waitForText(app, 'w keep watching');
    await press(app.stdin, 'x');
    await waitForFrame(app, (f) => f.includes('Tokens of Not Watched') && !f.includes('finished'), 'the list');
    assert.doesNotMatch(app.lastFrame() ?? '', /watching/);
  });
});
