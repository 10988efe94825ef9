// The watch after R in the built CLI, in an 80x24 pseudo-terminal, against a tenant where a live
// session keeps minting tokens for the user: the summary's w, the header's countdown and count,
// esc, and the audit log.
import {after, afterEach, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {CLI, childEnv, runInPty, type PtyRun} from './pty-terminal.js';

let sim: Simulator;
let home: string;
const runs: PtyRun[] = [];

before(async () => {
  assert.ok(existsSync(CLI), 'dist/cli.cjs is missing: run npm run build first');
  sim = await startSimulator({users: 20, tokens: 100, seed: 47, clientName: 'Watch bot'});
  home = mkdtempSync(join(tmpdir(), 'qlik-tokens-tui-watch-'));
});
afterEach(() => {
  for (const run of runs.splice(0)) run.kill();
});
after(async () => {
  await sim.stop();
  rmSync(home, {recursive: true, force: true});
});

describe('the TUI: keep watching after R (80x24, a live session minting every 500 ms)', () => {
  it('w watches: late tokens are revoked and counted in the header; esc stops; q exits 0', async () => {
    const user = sim.addUser({name: 'Stolen Laptop', email: 'stolen.laptop@example.com'});
    for (let i = 0; i < 3; i++) sim.addToken(user.id, {deviceType: 'Laptop'});
    const run = runInPty([], {
      env: childEnv({
        QLIK_TENANT: sim.url,
        QLIK_CLIENT_ID: sim.clientId,
        QLIK_CLIENT_SECRET: sim.clientSecret,
        QLIK_TOKENS_HOME: home,
      }),
    });
    runs.push(run);
    await run.waitForText('Find user');
    run.write('stolen.laptop');
    await run.waitFor((s) => s.includes('Stolen Laptop') && /1 found/.test(s), 'the user found');
    run.write('\r');
    await run.waitFor((s) => /Tokens of Stolen Laptop.* · 3 ·/.test(s), 'the list');
    run.write('R');
    await run.waitForText('Revoke ALL 3 tokens');
    run.write('3\r');
    await run.waitForText('w keep watching Stolen Laptop for 15 minutes', 20_000);
    const stopMinting = sim.startMinting({userId: user.id, everyMs: 500});
    try {
      run.write('w');
      await run.waitFor((s) => /watch(ing Stolen Laptop)? 1[45]:\d\d( left)? · \d+ late revoked/.test(s), 'the header');
      await run.waitFor((s) => /watch.* · ([2-9]|\d\d+) late revoked/.test(s), 'late tokens', 20_000);
      assert.match(run.text(), /esc stop watch/);
    } finally {
      stopMinting();
    }
    run.write('\u001B');
    await run.waitFor((s) => /Watch of Stolen Laptop stopped: \d+ late tokens?, \d+ revoked/.test(s), 'the end');
    await run.waitFor((s) => !/late revoked/.test(s), 'the header without the watch');
    const revokedLate = sim.minted().filter((m) => m.userId === user.id && m.goneAt !== undefined);
    assert.ok(revokedLate.length >= 2, `${revokedLate.length} late tokens revoked`);
    const audit = readFileSync(join(home, 'audit.jsonl'), 'utf8');
    for (const m of revokedLate) assert.match(audit, new RegExp(`"tokenId":"${m.id}".*"outcome":"revoked"`));
    assert.equal(run.scrolledLines(), 0, 'a frame was taller than the terminal');
    run.write('q');
    assert.equal(await run.exited, 0);
  });

  it('the demo: R on Mallory Quinn, then w, and the watch catches her stolen laptop minting again', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'qlik-tokens-demo-watch-'));
    try {
      const run = runInPty(['--demo'], {env: childEnv({TMPDIR: scratch, QLIK_TOKENS_HOME: join(scratch, 'home')})});
      runs.push(run);
      await run.waitFor((s) => s.includes('DEMO') && s.includes('Find user'), 'the demo picker');
      run.write('mallory.quinn');
      await run.waitFor((s) => s.includes('Mallory Quinn') && /1 found/.test(s), 'Mallory found');
      run.write('\r');
      await run.waitFor((s) => /Tokens of Mallory Quinn.* · \d+ ·/.test(s), "Mallory's tokens", 20_000);
      run.write('R');
      await run.waitFor((s) => /Revoke ALL \d+ tokens/.test(s), 'the confirmation');
      run.write(`${/Revoke ALL (\d+) tokens/.exec(run.text())![1]}\r`);
      await run.waitForText('w keep watching Mallory Quinn for 15 minutes', 30_000);
      run.write('w');
      // A token every 10 s: within half a minute the watch has revoked one.
      await run.waitFor((s) => /watch.* · [1-9]\d* late revoked/.test(s), 'a late token revoked', 40_000);
      run.write('q');
      assert.equal(await run.exited, 0);
    } finally {
      rmSync(scratch, {recursive: true, force: true});
    }
  });
});
