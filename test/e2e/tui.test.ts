// The product as an operator meets it: the built CLI in an 80x24 pseudo-terminal against a
// simulated tenant. Find a user by part of the email, revoke one token with d y, then all with R
// and the count; the tenant must have lost exactly those tokens. The screen never scrolls and
// never shows the secret.
import {after, afterEach, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {CLI, childEnv, filesIn, runInPty, type PtyRun} from './pty-terminal.js';

const SECRET = 'e2e-Secret-9f3b7c1d-never-on-screen';

let sim: Simulator;
let home: string;
const runs: PtyRun[] = [];

before(async () => {
  assert.ok(existsSync(CLI), 'dist/cli.cjs is missing: run npm run build first');
  sim = await startSimulator({users: 50, tokens: 500, seed: 21, clientSecret: SECRET, clientName: 'E2E bot'});
  home = mkdtempSync(join(tmpdir(), 'qlik-tokens-e2e-'));
});

afterEach(() => {
  for (const run of runs.splice(0)) run.kill();
});

after(async () => {
  await sim.stop();
  rmSync(home, {recursive: true, force: true});
});

function target() {
  const counts = new Map<string, number>();
  for (const token of sim.tokens()) counts.set(token.userId, (counts.get(token.userId) ?? 0) + 1);
  const users = sim.users().filter((u) => u.id !== sim.botUser.id && u.email);
  const found = users
    .map((user) => ({user, local: user.email!.split('@')[0]!, count: counts.get(user.id) ?? 0}))
    .filter((e) => e.count >= 4 && e.count <= 30 && users.filter((u) => u.email!.includes(e.local)).length === 1)
    .sort((a, b) => b.count - a.count)[0];
  assert.ok(found, 'no suitable user in the simulated tenant');
  return found;
}

function assertScreenSound(run: PtyRun) {
  assert.equal(run.scrolledLines(), 0, `the screen scrolled: a frame was taller than 24 rows\n${run.text()}`);
  assert.ok(!run.output().includes(SECRET), 'the client secret was written to the terminal');
}

describe('the terminal UI in a pseudo-terminal, 80x24', () => {
  it('finds a user by email, revokes one token with d y, then all with R and the count', async () => {
    const {user, local, count} = target();
    const others = sim
      .tokens()
      .filter((t) => t.userId !== user.id)
      .map((t) => t.id)
      .sort();
    const run = runInPty([], {
      env: childEnv({
        QLIK_TENANT: sim.url,
        QLIK_CLIENT_ID: sim.clientId,
        QLIK_CLIENT_SECRET: SECRET,
        QLIK_TOKENS_HOME: home,
      }),
    });
    runs.push(run);

    await run.waitForText('Find user');
    await run.waitForText('as E2E bot');
    run.write(local.slice(0, Math.max(5, local.length - 2)));
    await run.waitFor((s) => s.includes(user.name) && /\d+\+? found/.test(s), `${user.name} in the results`);
    // The first result is highlighted; the search term may match others too, so go to ours.
    const cursorRow = () => run.screen().findIndex((l) => l.startsWith('› '));
    for (let i = 0; i < 10 && !/^› /m.test(run.screen().find((l) => l.includes(user.name)) ?? ''); i++) {
      const from = cursorRow();
      run.write('\u001B[B');
      await run.waitFor(() => cursorRow() !== from, 'the cursor one row down');
    }
    assert.match(run.screen().find((l) => l.includes(user.name)) ?? '', /^› /);
    run.write('\r');
    await run.waitFor(
      (s) => s.includes(`Tokens of ${user.name}`) && new RegExp(`· ${count} ·`).test(s) && s.includes('▸ '),
      `${count} tokens of ${user.name}`,
    );
    assertScreenSound(run);

    const id = /▸ (\S+)/.exec(run.text())![1]!;
    assert.ok(sim.hasToken(id));
    run.write('d');
    await run.waitForText('[y/N]');
    assert.match(run.text(), new RegExp(`Revoke 1 token of ${user.name}`));
    assert.match(run.text(), new RegExp(id));
    run.write('y');
    await run.waitForText(`Revoked ${id}`);
    assert.equal(sim.hasToken(id), false, 'the token is still on the tenant');
    assert.equal(sim.tokens().filter((t) => t.userId === user.id).length, count - 1);
    await run.waitFor((s) => new RegExp(`· ${count - 1} ·`).test(s), 'the list without the revoked token');

    run.write('R');
    await run.waitForText(`Revoke ALL ${count - 1} tokens of ${user.name}`);
    run.write(String(count - 1));
    await run.waitForText(`Type ${count - 1} and press enter to revoke, esc cancels: ${count - 1}`);
    run.write('\r');
    await run.waitForText(`${count - 1} revoked`, 60_000);
    // A bulk run ends on its summary table; any key closes it.
    await run.waitForText('Revocation of');
    run.write('\u001B');
    assert.equal(sim.tokens().filter((t) => t.userId === user.id).length, 0, "some of the user's tokens survived");
    assert.deepEqual(
      sim
        .tokens()
        .filter((t) => t.userId !== user.id)
        .map((t) => t.id)
        .sort(),
      others,
      "another user's token was touched",
    );
    await run.waitFor((s) => /No tokens\./.test(s), 'the empty list');
    assertScreenSound(run);

    run.write('q');
    assert.equal(await run.exited, 0);
    assertScreenSound(run);
  });

  it('--demo opens on an in-process tenant, lists the whole tenant, and writes nothing but the code cache, which the next start uses', async () => {
    const demoHome = mkdtempSync(join(tmpdir(), 'qlik-tokens-demo-e2e-'));
    try {
      const run = runInPty(['--demo'], {env: childEnv({QLIK_TOKENS_HOME: demoHome, NO_COLOR: '1'})});
      runs.push(run);
      await run.waitFor(
        (s) => s.includes('DEMO') && s.includes('Find user') && s.includes('all users'),
        'the demo picker',
      );
      run.write('\u001B[B');
      await run.waitFor((s) => /^› all users/m.test(s), 'all users highlighted');
      run.write('\r');
      await run.waitFor(
        (s) => s.includes('All tokens in the tenant') && s.includes('USER') && s.includes('▸ '),
        'the tenant-wide list',
      );
      const atTop = run.text();
      run.write('G');
      await run.waitFor((s) => s !== atTop, 'the cursor on the last token');
      run.write('?');
      await run.waitForText('Keys: token list');
      assert.match(run.text(), /Revoke ALL of this user's tokens/);
      run.write('\u001B');
      await run.waitFor((s) => !s.includes('Keys: token list'), 'help closed');
      assertScreenSound(run);
      // NO_COLOR: no colour escape sequences at all (inverse/bold are allowed).
      assert.doesNotMatch(run.output(), /\u001B\[(3[0-8]|9[0-7]|4[0-8])(;\d+)*m/);
      run.write('q');
      assert.equal(await run.exited, 0);
      // No config, no audit log: only the UI's compiled-code cache, private, made as the session ended.
      assert.deepEqual(filesIn(demoHome), ['cache'], 'the demo wrote other files into QLIK_TOKENS_HOME');
      const caches = filesIn(join(demoHome, 'cache'));
      assert.equal(caches.length, 1);
      assert.match(caches[0]!, /^tui-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.jsc$/);
      const cache = join(demoHome, 'cache', caches[0]!);
      if (process.platform !== 'win32') {
        assert.equal(statSync(join(demoHome, 'cache')).mode & 0o777, 0o700);
        assert.equal(statSync(cache).mode & 0o777, 0o600);
      }
      // The next start takes the cache as it is: it has nothing to rewrite.
      const written = statSync(cache).mtimeMs;
      const again = runInPty(['--demo'], {env: childEnv({QLIK_TOKENS_HOME: demoHome, NO_COLOR: '1'})});
      runs.push(again);
      await again.waitFor(
        (s) => s.includes('DEMO') && / as \S/.test(s) && s.includes('all users'),
        'the demo picker, again',
      );
      again.write('\u0003');
      assert.equal(await again.exited, 0);
      assert.deepEqual(filesIn(join(demoHome, 'cache')), caches);
      assert.equal(statSync(cache).mtimeMs, written, 'the cache was made again instead of used');
    } finally {
      rmSync(demoHome, {recursive: true, force: true});
    }
  });

  it('reports a corrupt config file with its path and exits 1, leaving the file as it was', async () => {
    const brokenHome = mkdtempSync(join(tmpdir(), 'qlik-tokens-corrupt-'));
    try {
      const file = join(brokenHome, 'config.json');
      writeFileSync(file, '{"version": 1, "profiles": {', {mode: 0o600});
      const run = runInPty([], {env: childEnv({QLIK_TOKENS_HOME: brokenHome})});
      runs.push(run);
      assert.equal(await run.exited, 1);
      await run.waitForText('config.json');
      assert.match(run.text().replace(/\n/g, ''), /not valid JSON/);
      assert.equal(readFileSync(file, 'utf8'), '{"version": 1, "profiles": {');
    } finally {
      rmSync(brokenHome, {recursive: true, force: true});
    }
  });
});
