// The TUI benchmarks' shared start: a simulated tenant in its own process, the built CLI on it in
// an 80x24 pseudo-terminal, its output fed into a headless xterm that can be waited on.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import pty from 'node-pty';
import xterm from '@xterm/headless';
import {CLI, spawnSimulator} from './measure.js';
import {screenText} from './startup.js';

export type TuiInPty = {
  child: pty.IPty;
  sleep: (ms: number) => Promise<void>;
  waitFor: (predicate: (screen: string) => boolean, what: string, timeoutMs?: number) => Promise<void>;
  stop: () => Promise<void>;
};

export async function startTuiInPty(
  simulatorArgs: string[],
  cliArgs: string[],
  onData: (data: string) => void = () => {},
): Promise<TuiInPty> {
  const sim = await spawnSimulator(simulatorArgs);
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
  // With CI set, Ink draws only the last frame.
  delete env.CI;
  // BENCH_NODE_ARGS: Node flags for the CLI under test, e.g. `--cpu-prof --cpu-prof-dir=DIR` to
  // see where a slow key went (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = pty.spawn(process.execPath, [...nodeArgs, CLI, ...cliArgs], {
    cols: 80,
    rows: 24,
    env: env as Record<string, string>,
  });
  const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
  child.onData((data) => {
    onData(data);
    term.write(data);
  });
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  const waitFor = async (predicate: (screen: string) => boolean, what: string, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await new Promise<void>((r) => term.write('', r));
      if (predicate(screenText(term))) return;
      await sleep(20);
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${screenText(term)}`);
  };
  return {
    child,
    sleep,
    waitFor,
    stop: async () => {
      // The UI saves its state and code cache as it ends: remove its home only once it has exited.
      child.kill();
      await exited;
      rmSync(home, {recursive: true, force: true});
      await sim.stop();
    },
  };
}
