// First run and profiles, on the real profile store (in a temporary QLIK_TOKENS_HOME) and a
// simulated tenant: the setup form names what is wrong before saving; profiles switch instantly.
import {after, afterEach, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {openProfileStore} from '../../source/profiles/store.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {App} from '../../source/ui/app.js';
import {profileMode} from '../../source/ui/profile-mode.js';
import {KEYS, lines, press, renderSized, waitForFrame, waitForText} from './render-helpers.js';

const SECRET = 'profiles-test-secret-123';
let sim: Simulator;
const cleanups: Array<() => void | Promise<void>> = [];

before(async () => {
  sim = await startSimulator({users: 20, tokens: 100, seed: 4, clientSecret: SECRET, rateLimits: false});
});
after(async () => {
  await sim.stop();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function start(prepare: (store: ReturnType<typeof openProfileStore>) => void = () => {}, profile?: string) {
  const home = mkdtempSync(join(tmpdir(), 'qlik-tokens-profiles-'));
  const env = {QLIK_TOKENS_HOME: home};
  const store = openProfileStore({env, onWarning: () => {}});
  prepare(store);
  const started = profileMode({readonly: false, refresh: 60, demo: false, ...(profile ? {profile} : {})}, env, store);
  const app = renderSized(
    <App session={started.session} profiles={started.profiles} start={started.start} onExit={() => {}} />,
  );
  cleanups.push(
    () => rmSync(home, {recursive: true, force: true}),
    () => started.stop(),
    app.unmount,
  );
  return {app, home, store, started};
}

const frameHasNoSecret = (frames: string[]) => frames.every((f) => !f.includes(SECRET));

describe('setup form and profiles', () => {
  it('opens the setup form on a first run, masks the secret, and keeps fields apart when keys arrive together', async () => {
    const {app, started} = start();
    assert.deepEqual(started.start, {name: 'form', mode: 'setup'});
    await waitForText(app, 'Set up a profile');
    // One read holding text and tabs, as tmux send-keys or a fast paste delivers it.
    await press(app.stdin, `http://127.0.0.1:1\tsim-client-id\t${SECRET}`);
    const frame = await waitForFrame(app, (f) => f.includes('•'.repeat(SECRET.length)), 'the masked secret');
    const rows = lines(frame);
    assert.match(
      rows.find((l) => l.includes('Tenant URL'))!,
      /Tenant URL +http:\/\/127\.0\.0\.1:1 *$/,
    );
    assert.match(
      rows.find((l) => l.includes('Client ID'))!,
      /Client ID +sim-client-id *$/,
    );
    assert.ok(frameHasNoSecret(app.frames));
  });

  it('says the host is unreachable, then that the credentials are wrong, and saves only a working profile', async () => {
    const {app, store, home} = start();
    await waitForText(app, 'Set up a profile');
    await press(app.stdin, 'http://127.0.0.1:1', KEYS.tab, 'sim-client-id', KEYS.tab, 'wrong-secret', KEYS.tab);
    await press(app.stdin, KEYS.backspace.repeat('default'.length), 'prod', KEYS.enter);
    await waitForText(app, 'Cannot reach the tenant');
    assert.match(app.lastFrame() ?? '', /Not saved/);
    assert.equal(store.list().length, 0);

    // Back to the URL field: erase it and point at the simulator; the secret is still wrong.
    await press(app.stdin, KEYS.tab);
    await press(app.stdin, KEYS.backspace.repeat('http://127.0.0.1:1'.length), sim.url, KEYS.enter);
    await waitForText(app, 'Authentication failed');
    assert.equal(store.list().length, 0);

    await press(app.stdin, KEYS.tab, KEYS.tab, KEYS.backspace.repeat('wrong-secret'.length), SECRET, KEYS.enter);
    await waitForText(app, 'Find user');
    await waitForText(app, 'Saved prod');
    assert.match(lines(app.lastFrame() ?? '')[0]!, /^prod · 127\.0\.0\.1:\d+/);
    assert.deepEqual(
      store.list().map((p) => p.name),
      ['prod'],
    );
    assert.ok(frameHasNoSecret(app.frames));
    assert.ok(!readFileSync(join(home, 'config.json'), 'utf8').includes('wrong-secret'));
  });

  it('refuses a client without the admin_classic scope, and says that is what is missing', async () => {
    const weak = await startSimulator({
      users: 5,
      tokens: 20,
      seed: 4,
      clientSecret: SECRET,
      clientScopes: ['user_default'],
      rateLimits: false,
    });
    cleanups.push(() => weak.stop());
    const {app, store} = start();
    await waitForText(app, 'Set up a profile');
    await press(app.stdin, weak.url, KEYS.tab, 'sim-client-id', KEYS.tab, SECRET, KEYS.tab);
    await press(app.stdin, KEYS.backspace.repeat('default'.length), 'weak', KEYS.enter);
    const frame = await waitForFrame(app, (f) => /Not saved: connected as/.test(f), 'the verdict');
    assert.match(frame.replace(/\s+/g, ' '), /the client is missing the admin_classic scope/);
    assert.equal(store.list().length, 0);
    assert.ok(frameHasNoSecret(app.frames));
  });

  it('adds a second profile, switches between them from the profiles screen, and removes one after a y', async () => {
    const {app: third, store} = start((s) =>
      s.add({name: 'prod', tenantUrl: sim.url, clientId: sim.clientId, clientSecret: SECRET}),
    );
    const second = {store};
    await waitForText(third, 'Find user');
    assert.match(lines(third.lastFrame() ?? '')[0]!, /^prod · /);

    await press(third.stdin, '\u0010'); // ctrl-p
    await waitForText(third, 'Profiles');
    await press(third.stdin, 'n');
    await waitForText(third, 'New profile');
    await press(third.stdin, sim.url, KEYS.tab, sim.clientId, KEYS.tab, SECRET, KEYS.tab, 'staging', KEYS.enter);
    await waitForText(third, 'Now on staging');
    assert.match(lines(third.lastFrame() ?? '')[0]!, /^staging · /);
    // For this session only: a script's next `tokens revoke --all --yes` stays on the default.
    assert.equal(second.store.current()?.name, 'prod');

    await press(third.stdin, '\u0010');
    await waitForFrame(
      third,
      (f) => /› │ staging .*│ in use /.test(f) && /│ prod .*│ default /.test(f),
      'both profiles, staging in use, prod the default, the cursor on staging',
    );
    await press(third.stdin, 'D');
    await waitForText(third, 'staging is the default now');
    assert.equal(second.store.current()?.name, 'staging');
    await press(third.stdin, 'k', KEYS.enter);
    await waitForText(third, 'Now on prod');
    assert.match(lines(third.lastFrame() ?? '')[0]!, /^prod · /);
    assert.equal(second.store.current()?.name, 'staging');

    await press(third.stdin, '\u0010');
    await waitForText(third, 'Profiles');
    await press(third.stdin, 'j', 'x');
    await waitForText(third, 'Remove the profile staging?');
    await press(third.stdin, 'n');
    await waitForFrame(third, (f) => !f.includes('Remove the profile'), 'the question gone');
    assert.deepEqual(
      second.store
        .list()
        .map((p) => p.name)
        .sort(),
      ['prod', 'staging'],
    );
    await press(third.stdin, 'x');
    await waitForText(third, 'Remove the profile staging?');
    await press(third.stdin, 'y');
    await waitForText(third, 'Removed staging');
    assert.deepEqual(
      second.store.list().map((p) => p.name),
      ['prod'],
    );
    assert.ok(frameHasNoSecret(third.frames));
  });
  it('lists the recent users, puts the one just opened first, and keeps working when the config file breaks mid-run', async () => {
    const [alice, bob] = sim.users().filter((u) => u.id !== sim.botUser.id && /^[\w .'-]+$/.test(u.name));
    const {app, home} = start((s) => {
      s.add({name: 'prod', tenantUrl: sim.url, clientId: sim.clientId, clientSecret: SECRET});
      s.addRecentUser('prod', {id: alice!.id, name: alice!.name});
    });
    await waitForText(app, alice!.name);
    await press(app.stdin, bob!.id);
    await waitForFrame(app, (f) => /1 found/.test(f) && f.includes(bob!.name), 'the pasted ID found');
    await press(app.stdin, KEYS.enter);
    await waitForText(app, `Tokens of ${bob!.name}`);
    // u starts from an empty search: the user just opened is first of the recent ones.
    await press(app.stdin, 'u');
    await waitForText(app, 'Find user');
    const order = (f: string) =>
      lines(f).findIndex((l) => l.includes(bob!.name)) >= 0 &&
      lines(f).findIndex((l) => l.includes(bob!.name)) < lines(f).findIndex((l) => l.includes(alice!.name));
    await waitForFrame(app, order, 'the user just opened before the older recent one');
    // Another editor breaks the file while the picker is up: the picker goes on drawing.
    writeFileSync(join(home, 'config.json'), '{');
    await press(app.stdin, 'x');
    await waitForText(app, 'Find user: x');
    await press(app.stdin, KEYS.esc);
    await waitForFrame(app, order, 'the recent users still listed');
  });
  it('with --profile X the profiles screen marks X in use and the default apart, the cursor on X', async () => {
    const {app, store} = start((s) => {
      s.add({name: 'prod', tenantUrl: sim.url, clientId: sim.clientId, clientSecret: SECRET});
      s.add({name: 'staging', tenantUrl: sim.url, clientId: sim.clientId, clientSecret: SECRET});
    }, 'staging');
    await waitForText(app, 'Find user');
    assert.match(lines(app.lastFrame() ?? '')[0]!, /^staging · /);
    await press(app.stdin, '\u0010'); // ctrl-p
    await waitForFrame(
      app,
      (f) => /│ {3}│ prod .*│ default /.test(f) && /│ › │ staging .*│ in use /.test(f),
      'prod the default, staging in use with the cursor on it',
    );
    assert.equal(store.current()?.name, 'prod');
  });

  it('keeps the profiles screen drawing when the config file breaks meanwhile', async () => {
    const {app, home} = start((s) =>
      s.add({name: 'prod', tenantUrl: sim.url, clientId: sim.clientId, clientSecret: SECRET}),
    );
    await waitForText(app, 'Find user');
    await press(app.stdin, '\u0010'); // ctrl-p
    await waitForFrame(app, (f) => /│ prod .*in use, default/.test(f), 'the profiles screen');
    writeFileSync(join(home, 'config.json'), '{');
    await press(app.stdin, '?');
    await waitForText(app, 'Keys: profiles');
    await press(app.stdin, KEYS.esc);
    await waitForFrame(app, (f) => /│ prod .*in use/.test(f) && !f.includes('Keys: profiles'), 'the list again');
    // Testing the connection reads the store: the broken file is reported, the app keeps running.
    await press(app.stdin, 't');
    await waitForFrame(
      app,
      (f) => /config\.json/.test(f) && /│ prod .*in use/.test(f),
      'the store error in the flash line',
    );
  });
});
