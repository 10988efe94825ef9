// The destructive path as an incident responder drives it: typing fast (several keys in one read,
// as tmux send-keys and SSH deliver them) against a slow tenant (600 ms a reply). The built CLI in
// an 80x24 pseudo-terminal; each case failed on the UI before the key stream and the picker's
// Enter rules (issue 12).
import {after, afterEach, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {CLI, childEnv, runInPty, type PtyRun} from './pty-terminal.js';

const SECRET = 'fast-typing-Secret-4b1e';
const LATENCY_MS = 600;

let sim: Simulator;
let home: string;
const runs: PtyRun[] = [];

before(async () => {
  assert.ok(existsSync(CLI), 'dist/cli.cjs is missing: run npm run build first');
  sim = await startSimulator({
    users: 60,
    tokens: 600,
    seed: 33,
    clientSecret: SECRET,
    clientName: 'Fast bot',
    latencyMs: LATENCY_MS,
    rateLimits: false,
  });
  home = mkdtempSync(join(tmpdir(), 'qlik-tokens-fast-'));
});
afterEach(() => {
  for (const run of runs.splice(0)) run.kill();
});
after(async () => {
  await sim.stop();
  rmSync(home, {recursive: true, force: true});
});

function tui(extra: string[] = [], env: NodeJS.ProcessEnv = {}): PtyRun {
  const run = runInPty(extra, {
    env: childEnv({
      QLIK_TENANT: sim.url,
      QLIK_CLIENT_ID: sim.clientId,
      QLIK_CLIENT_SECRET: SECRET,
      QLIK_TOKENS_HOME: home,
      ...env,
    }),
  });
  runs.push(run);
  return run;
}

/** A user whose email local part is unique and longer than 6, and a shorter prefix matching others too. */
function raceTarget() {
  const users = sim.users().filter((u) => u.id !== sim.botUser.id && u.email);
  const counts = new Map<string, number>();
  for (const token of sim.tokens()) counts.set(token.userId, (counts.get(token.userId) ?? 0) + 1);
  for (const user of users) {
    const local = user.email!.split('@')[0]!;
    if (local.length < 8 || (counts.get(user.id) ?? 0) < 2 || (counts.get(user.id) ?? 0) > 30) continue;
    const prefix = local.slice(0, 4);
    const byPrefix = users.filter((u) => u.email!.includes(prefix));
    const byFull = users.filter((u) => u.email!.includes(local));
    if (byFull.length === 1 && byPrefix.length > 1 && byPrefix[0]!.id !== user.id) return {user, local, prefix};
  }
  assert.fail('no user for the race in the simulated tenant');
}

describe('the TUI typed fast against a slow tenant (80x24, 600 ms latency)', () => {
  it('Enter opens the top match of the text as typed, never a result of the older query', async () => {
    const {user, local, prefix} = raceTarget();
    const run = tui();
    await run.waitForText('Find user');
    run.write(prefix);
    await run.waitFor((s) => /\d+\+? found/.test(s), 'the results of the prefix', 20_000);
    // The rest of the text and Enter in one read: the prefix's results are still on screen.
    run.write(`${local.slice(prefix.length)}\r`);
    await run.waitFor((s) => s.includes('Tokens of '), 'a token list', 20_000);
    assert.match(run.text(), new RegExp(`Tokens of ${user.name}`), 'opened another user than the text names');
  });

  it('u starts from an empty search, and Enter on no match opens nobody (never "me")', async () => {
    const {user, local} = raceTarget();
    const run = tui();
    await run.waitForText('Find user');
    run.write(`${local}`);
    await run.waitFor((s) => s.includes(user.name) && /1 found/.test(s), 'the user found', 20_000);
    run.write('\r');
    await run.waitForText(`Tokens of ${user.name}`, 20_000);
    run.write('u');
    await run.waitFor((s) => /^Find user: *$/m.test(s), 'an empty search field');
    run.write('qqzzxxnobody\r');
    await run.waitFor((s) => /No user matches "qqzzxxnobody": enter opens nobody/.test(s), 'no match', 20_000);
    assert.doesNotMatch(run.text(), /Tokens of /);
  });

  it('read-only: d says that revocation is off, and nothing is marked', async () => {
    const {user, local} = raceTarget();
    const run = tui(['--readonly']);
    await run.waitForText('Find user');
    run.write(local);
    await run.waitFor((s) => s.includes(user.name) && /1 found/.test(s), 'the user found', 20_000);
    run.write('\r');
    await run.waitFor((s) => s.includes(`Tokens of ${user.name}`) && s.includes('▸ '), 'the list', 20_000);
    run.write(' d');
    await run.waitForText('read-only: revocation is off');
    assert.doesNotMatch(run.text(), /marked/);
  });

  it('the first-run form: url<Tab>id<Tab>secret in one read fills three fields; esc exits 2', async () => {
    const setupHome = mkdtempSync(join(tmpdir(), 'qlik-tokens-setup-'));
    try {
      const env = childEnv({QLIK_TOKENS_HOME: setupHome});
      const run = runInPty([], {env});
      runs.push(run);
      await run.waitForText('Set up a profile');
      // A typo in the middle of the URL, fixed with the arrows before the rest comes in one read.
      const wrong = sim.url.replace('127.0.0.1', '127.0.0.9');
      run.write(wrong);
      await run.waitForText(wrong);
      const tail = sim.url.length - sim.url.indexOf('127.0.0.1') - '127.0.0.'.length - 1;
      run.write(`${'\u001B[D'.repeat(tail)}\u007F1\t${sim.clientId}\t${SECRET}\r`);
      await run.waitFor(
        (s) => s.includes('Find user') && s.includes('Saved default'),
        'saved and on the picker',
        30_000,
      );
      const config = JSON.parse(readFileSync(join(setupHome, 'config.json'), 'utf8')) as {
        profiles: Record<string, {tenantUrl: string; clientId: string}>;
      };
      assert.equal(config.profiles.default?.tenantUrl, sim.url);
      assert.equal(config.profiles.default?.clientId, sim.clientId);
      assert.ok(!run.output().includes(SECRET), 'the secret reached the terminal');
      run.write('\u0003');
      assert.equal(await run.exited, 0);

      const again = runInPty([], {env: childEnv({QLIK_TOKENS_HOME: mkdtempSync(join(setupHome, 'fresh-'))})});
      runs.push(again);
      await again.waitForText('Set up a profile');
      again.write('\u001B');
      assert.equal(await again.exited, 2, 'esc in the first-run setup is a cancel: exit 2');
    } finally {
      rmSync(setupHome, {recursive: true, force: true});
    }
  });

  it('a multi-page list keeps the cursor on its first row in sort order, not on a token of page 1', async () => {
    const newest = [...sim.tokens()].sort(
      (a, b) => Date.parse(b.lastUsed ?? '0') - Date.parse(a.lastUsed ?? '0') || (a.id < b.id ? -1 : 1),
    )[0]!;
    const run = tui();
    await run.waitFor((s) => s.includes('all users'), 'the picker');
    run.write('\u001B[B');
    await run.waitFor((s) => /› all users/.test(s), 'all users chosen');
    run.write('\r');
    const total = sim.tokens().length;
    await run.waitFor((s) => new RegExp(`All tokens in the tenant · ${total} ·`).test(s), 'every page listed', 30_000);
    const detail = /▸ (\S+)/.exec(run.text())?.[1];
    assert.equal(detail, newest.id, 'd would act on a token the operator did not choose');
  });

  it('counts that change say why: one token gone before the run is "1 … was gone"', async () => {
    const {user, local} = raceTarget();
    const mine = () => sim.tokens().filter((t) => t.userId === user.id);
    const count = mine().length;
    const run = tui();
    await run.waitForText('Find user');
    run.write(local);
    await run.waitFor((s) => s.includes(user.name) && /1 found/.test(s), 'the user found', 20_000);
    run.write('\r');
    await run.waitFor((s) => new RegExp(`Tokens of ${user.name}.* · ${count} ·`).test(s), 'the list', 20_000);
    run.write('R');
    await run.waitForText(`Revoke ALL ${count} tokens`);
    // Revoked elsewhere (another admin, an expiry) while the operator reads the question.
    sim.removeToken(mine()[0]!.id);
    run.write(`${count}\r`);
    await run.waitFor((s) => /\d+ revoked/.test(s), 'the outcome', 30_000);
    await run.waitFor((s) => s.includes('finished'), 'the summary', 10_000);
    assert.match(
      run.text().replace(/\s+/g, ' '),
      new RegExp(`1 token fewer than the ${count} confirmed: gone since the list was shown`),
    );
    assert.equal(mine().length, 0);
  });

  it('the demo walk-through: mallxory, ←←←, Backspace, Enter opens Mallory Quinn', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'qlik-tokens-mallory-'));
    try {
      const run = runInPty(['--demo'], {env: childEnv({TMPDIR: scratch, QLIK_TOKENS_HOME: join(scratch, 'home')})});
      runs.push(run);
      await run.waitFor((s) => s.includes('DEMO') && s.includes('Find user'), 'the demo picker');
      run.write('mallxory');
      await run.waitFor((s) => /Find user: mallxory/.test(s) && /No user matches/.test(s), 'the typo searched');
      run.write('\u001B[D\u001B[D\u001B[D\u007F');
      await run.waitFor((s) => /Find user: mallory/.test(s) && s.includes('Mallory Quinn'), 'the typo fixed');
      run.write('\r');
      await run.waitFor((s) => /Tokens of Mallory Quinn.* · \d+ ·/.test(s), "Mallory's tokens", 20_000);
      run.write('q');
      assert.equal(await run.exited, 0);
    } finally {
      rmSync(scratch, {recursive: true, force: true});
    }
  });

  it('one clock: the confirm dialog shows the times the list shows, never a time in the future', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'qlik-tokens-clock-'));
    try {
      const run = runInPty(['--demo'], {env: childEnv({TMPDIR: scratch, QLIK_TOKENS_HOME: join(scratch, 'home')})});
      runs.push(run);
      const started = Date.now();
      await run.waitFor((s) => s.includes('DEMO') && s.includes('all users'), 'the demo picker');
      run.write('\u001B[B');
      await run.waitFor((s) => /› all users/.test(s), 'all users chosen');
      run.write('\r');
      // The demo's live activity uses tokens: wait for one used after the UI started at the top.
      const usedAt = (s: string) => Date.parse(/last used (\S+ \S+Z)/.exec(s)?.[1]?.replace(' ', 'T') ?? '');
      // g: the first row (the most recently used token), in case anything moved the cursor.
      for (let tries = 0; ; tries++) {
        run.write('g');
        try {
          await run.waitFor((s) => usedAt(s) > started, 'a token used after the start, on the first row', 1_000);
          break;
        } catch (error) {
          if (tries > 30) throw error;
        }
      }
      run.write('d');
      await run.waitForText('[y/N]');
      assert.doesNotMatch(run.text(), /\bin \d+[smhd]\b/, 'the dialog dated a token in the future');
      assert.match(run.text(), /\d+s ago|just now/);
      run.write('n');
      run.write('q');
      assert.equal(await run.exited, 0);
    } finally {
      rmSync(scratch, {recursive: true, force: true});
    }
  });

  it('SIGHUP cleans up like ctrl-c: the demo leaves no files, and the shell gets its screen back', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'qlik-tokens-hup-'));
    try {
      const run = runInPty(['--demo'], {env: childEnv({TMPDIR: scratch, QLIK_TOKENS_HOME: join(scratch, 'home')})});
      runs.push(run);
      await run.waitFor((s) => s.includes('DEMO') && s.includes('all users'), 'the demo picker');
      assert.ok(
        readdirSync(scratch).some((name) => name.startsWith('qlik-tokens-demo-')),
        'the demo made its audit dir',
      );
      run.signal('SIGHUP');
      assert.equal(await run.exited, 129);
      assert.deepEqual(
        readdirSync(scratch).filter((name) => name.startsWith('qlik-tokens-demo-')),
        [],
        'the demo left its audit dir behind',
      );
      assert.ok(run.output().includes('\u001B[?1049h'), 'the UI did not use the alternate screen');
      assert.ok(run.output().includes('\u001B[?1049l'), 'the shell screen was not restored');
    } finally {
      rmSync(scratch, {recursive: true, force: true});
    }
  });
});
