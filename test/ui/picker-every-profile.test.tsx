// The user picker's every-profile search (ctrl-t), on the real profile store and three simulated
// tenants over HTTP: matches of other profiles are marked with their profile, a broken profile is
// said and the others still answer, and opening a match switches the session to its profile.
import {after, afterEach, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {openProfileStore} from '../../source/profiles/store.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {App} from '../../source/ui/app.js';
import {profileMode} from '../../source/ui/profile-mode.js';
import {KEYS, lines, press, renderSized, waitForFrame, waitForText} from './render-helpers.js';

const CTRL_T = '\u0014';
let prod: Simulator;
let staging: Simulator;
const cleanups: Array<() => void | Promise<void>> = [];

before(async () => {
  [prod, staging] = await Promise.all([
    startSimulator({users: 10, tokens: 30, seed: 5, rateLimits: false}),
    startSimulator({users: 10, tokens: 30, seed: 6, rateLimits: false}),
  ]);
});
after(async () => {
  await Promise.all([prod.stop(), staging.stop()]);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function start(env: NodeJS.ProcessEnv = {}) {
  const home = mkdtempSync(join(tmpdir(), 'qlik-tokens-everywhere-'));
  const fullEnv = {QLIK_TOKENS_HOME: home, ...env};
  const store = openProfileStore({env: fullEnv, onWarning: () => {}});
  store.add({name: 'prod', tenantUrl: prod.url, clientId: prod.clientId, clientSecret: prod.clientSecret});
  store.add({name: 'staging', tenantUrl: staging.url, clientId: staging.clientId, clientSecret: staging.clientSecret});
  store.add({name: 'broken', tenantUrl: staging.url, clientId: staging.clientId, clientSecret: 'not-the-secret'});
  store.use('prod');
  const started = profileMode({readonly: false, refresh: 60, demo: false}, fullEnv, store);
  const app = renderSized(
    <App session={started.session} profiles={started.profiles} start={started.start} onExit={() => {}} />,
  );
  cleanups.push(
    () => rmSync(home, {recursive: true, force: true}),
    () => started.stop(),
    app.unmount,
  );
  return {app, store, started};
}

describe('the user picker on every profile', () => {
  it('ctrl-t searches every profile; a match elsewhere opens on its profile, for this session only', async () => {
    const far = staging.addUser({name: 'Zoltan Faraway', email: 'zoltan@example.com'});
    const farTokens = [staging.addToken(far.id, {description: 'zoltan laptop'}).id];
    const {app, store} = start();
    await waitForText(app, 'Find user');
    assert.match(app.lastFrame() ?? '', /\^t all profiles/);

    await press(app.stdin, 'zoltan');
    await waitForText(app, 'No user matches "zoltan"');
    await press(app.stdin, CTRL_T);
    const frame = await waitForFrame(app, (f) => /1 found on 1 profile\b/.test(f), 'the match on staging');
    assert.match(frame, /Find user \(all profiles\): zoltan/);
    assert.match(frame, /Zoltan Faraway\s+\[staging\]\s+zoltan@example\.com/);
    assert.match(frame.replace(/\s+/g, ' '), /broken failed: Authentication failed/);

    await press(app.stdin, KEYS.enter);
    await waitForText(app, 'Tokens of Zoltan Faraway');
    await waitForText(app, farTokens[0]!.slice(0, 12));
    assert.match(lines(app.lastFrame() ?? '')[0]!, /^staging · /);
    await waitForText(app, 'Now on staging');
    assert.equal(store.current()?.name, 'prod', 'the saved default is unchanged');
    // Remembered on the profile it was found on.
    assert.deepEqual(
      store.get('staging')?.recentUsers.map((u) => u.id),
      [far.id],
    );
  });

  it('ctrl-t again searches this profile only; its matches come before the other profiles\u2019', async () => {
    prod.addUser({name: 'Quentin Here', email: 'quentin.here@example.com'});
    staging.addUser({name: 'Quentin There', email: 'quentin.there@example.com'});
    const {app} = start();
    await waitForText(app, 'Find user');
    await press(app.stdin, CTRL_T, 'quentin');
    const both = await waitForFrame(app, (f) => /2 found on 2 profiles/.test(f), 'both Quentins');
    const rows = lines(both);
    const here = rows.findIndex((l) => l.includes('Quentin Here'));
    const there = rows.findIndex((l) => l.includes('Quentin There'));
    assert.ok(here >= 0 && there > here, both);
    assert.doesNotMatch(rows[here]!, /\[prod\]/);

    await press(app.stdin, CTRL_T);
    const one = await waitForFrame(app, (f) => /1 found/.test(f) && /Find user: quentin/.test(f), 'this profile only');
    assert.doesNotMatch(one, /Quentin There/);
    // Enter opens the top match: this profile's, no switch.
    await press(app.stdin, KEYS.enter);
    await waitForText(app, 'Tokens of Quentin Here');
    assert.match(lines(app.lastFrame() ?? '')[0]!, /^prod · /);
  });

  it('without profiles (the demo) ctrl-t says there are none to search, and the search stays on this tenant', async () => {
    const {started} = start();
    const app = renderSized(
      <App session={started.session} profiles={undefined} start={{name: 'picker'}} onExit={() => {}} />,
    );
    cleanups.push(app.unmount);
    await waitForText(app, 'Find user');
    await press(app.stdin, CTRL_T);
    await waitForText(app, 'The demo has no profiles to search');
    assert.doesNotMatch(app.lastFrame() ?? '', /all profiles\)/);
  });

  it('with QLIK_* overrides set, the every-profile search says why it cannot run', async () => {
    const {app} = start({QLIK_CLIENT_ID: prod.clientId});
    await waitForText(app, 'Find user');
    await press(app.stdin, CTRL_T, 'a');
    await waitForText(app, 'unset QLIK_TENANT');
  });
});
