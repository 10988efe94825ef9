// The overview as an operator reaches it: the built CLI in a pseudo-terminal (CI removed from the
// environment, see pty-terminal.ts), NO_COLOR, against a simulated tenant 50 ms away — all users,
// o, the bars, ↓ enter opens the second-busiest user's tokens. At 80x24 and 60x15, and nothing
// ever scrolls (no frame taller than the terminal).
import {after, afterEach, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {childEnv, CLI, runInPty, type PtyRun} from './pty-terminal.js';

let sim: Simulator;
let home: string;
const runs: PtyRun[] = [];

before(async () => {
  assert.ok(existsSync(CLI), 'dist/cli.cjs is missing: run npm run build first');
  sim = await startSimulator({users: 40, tokens: 400, seed: 21, latencyMs: 50, rateLimits: false});
  home = mkdtempSync(join(tmpdir(), 'qlik-tokens-overview-e2e-'));
});
afterEach(() => {
  for (const run of runs.splice(0)) run.kill();
});
after(async () => {
  await sim.stop();
  rmSync(home, {recursive: true, force: true});
});

function tui(cols: number, rows: number): PtyRun {
  const env = childEnv({
    QLIK_TENANT: sim.url,
    QLIK_CLIENT_ID: sim.clientId,
    QLIK_CLIENT_SECRET: sim.clientSecret,
    QLIK_TOKENS_HOME: home,
    NO_COLOR: '1',
  });
  assert.equal(env.CI, undefined);
  const run = runInPty([], {cols, rows, env});
  runs.push(run);
  return run;
}

function busiest(): Array<[string, number]> {
  return [...sim.tokenCounts()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

async function overview(run: PtyRun): Promise<string> {
  await run.waitFor((s) => s.includes('Find user') && s.includes('all users'), 'the picker');
  run.write('\u001B[B');
  await run.waitFor((s) => /^› all users/m.test(s), 'all users highlighted');
  run.write('\r');
  await run.waitFor((s) => /All tokens in the tenant · 400 /.test(s) && s.includes('▸ '), 'the whole tenant listed');
  run.write('o');
  return run.waitFor((s) => s.includes('Tenant overview') && s.includes('Top 10 users'), 'the overview');
}

describe('the overview in a terminal (NO_COLOR)', () => {
  for (const [cols, rows] of [
    [80, 24],
    [60, 15],
  ] as const) {
    it(`${cols}x${rows}: o draws the ages as bars and the top users; ↓ enter opens the second user's tokens`, async () => {
      const run = tui(cols, rows);
      const screen = await overview(run);
      assert.match(screen, /Tenant overview · 400 tokens/);
      assert.match(screen, /^today +[█▏▎▍▌▋▊▉]* +\d+ +(<1|\d+)%/m);
      assert.match(screen, /^never +[█▏▎▍▌▋▊▉]* +\d+/m);
      const [first, second] = busiest();
      const firstUser = sim.users().find((u) => u.id === first![0])!;
      await run.waitFor(
        (s) => s.includes(`(${first![0]})`) && s.includes(`${first![1]} tokens`),
        'the busiest user in the detail line',
      );
      await run.waitFor((s) => s.includes(firstUser.name.slice(0, 12)), 'the busiest user named');
      run.write('j');
      await run.waitFor((s) => s.includes(`(${second![0]})`), 'the second user highlighted');
      run.write('\r');
      const user = sim.users().find((u) => u.id === second![0])!;
      await run.waitFor(
        (s) => s.includes(`Tokens of ${user.name.slice(0, 10)}`) && new RegExp(`· ${second![1]} `).test(s),
        "the second user's tokens",
        20_000,
      );
      assert.equal(run.scrolledLines(), 0, 'a frame was taller than the terminal');
      assert.doesNotMatch(run.output(), /\u001B\[(3[0-8]|9[0-7]|4[0-8]|10[0-7])(;|m)/, 'a colour code under NO_COLOR');
      run.write('q');
      assert.equal(await run.exited, 0);
    });
  }
});
