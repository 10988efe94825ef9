// An idle screen stays idle (htop, k9s): the bytes the TUI writes to the terminal while an
// operator only looks at a token list, refreshed live every 5 s (the default) from a tenant whose
// tokens do not change. Every byte here is a repaint nobody asked for; over SSH it is bandwidth and
// flicker.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import pty from 'node-pty';
import xterm from '@xterm/headless';
import {CLI, round, spawnSimulator, type BenchRow} from './measure.js';
import {screenText} from './startup.js';

const WINDOW_MS = 10_000;
const TARGET_BYTES_PER_S = 300;

export async function benchTuiIdle(): Promise<BenchRow[]> {
  const sim = await spawnSimulator(['--users', '30', '--tokens', '300', '--seed', '7', '--no-rate-limits']);
  const home = mkdtempSync(join(tmpdir(), 'qlik-tokens-bench-'));
  const term = new xterm.Terminal({cols: 80, rows: 24, allowProposedApi: true});
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    QLIK_TENANT: sim.url,
    QLIK_CLIENT_ID: sim.clientId,
    QLIK_CLIENT_SECRET: sim.clientSecret,
    QLIK_TOKENS_HOME: home,
    TERM: 'xterm-256color',
  };
  delete env.CI;
  const child = pty.spawn(process.execPath, [CLI], {cols: 80, rows: 24, env: env as Record<string, string>});
  let bytes = 0;
  child.onData((data) => {
    bytes += Buffer.byteLength(data);
    term.write(data);
  });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const waitFor = async (predicate: (screen: string) => boolean, what: string, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await new Promise<void>((r) => term.write('', r));
      if (predicate(screenText(term))) return;
      await sleep(20);
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${screenText(term)}`);
  };
  try {
    await waitFor((s) => s.includes('all users'), 'the user picker');
    child.write('\u001b[B');
    await waitFor((s) => /›\s*all users/.test(s), 'the cursor on "all users"');
    child.write('\r');
    await waitFor((s) => /All tokens in the tenant/.test(s) && /\b[0-9a-f]{24}\b/.test(s), 'the token list');
    // Let the first listing's names and flashes settle, then count.
    await sleep(3_000);
    const start = bytes;
    await sleep(WINDOW_MS);
    const perSecond = ((bytes - start) * 1000) / WINDOW_MS;
    return [
      {
        group: 'TUI, idle token list, 80x24 pty',
        name: `bytes written per second, idle (refresh every 5 s, ${WINDOW_MS / 1000} s window)`,
        value: round(perSecond, 0),
        unit: 'B/s',
        note: `target ≤ ${TARGET_BYTES_PER_S} B/s`,
      },
    ];
  } finally {
    child.kill();
    rmSync(home, {recursive: true, force: true});
    await sim.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchTuiIdle()) console.log(row);
}
