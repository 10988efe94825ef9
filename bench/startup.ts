// Start-up: `qlik-tokens --version`, and spawn → first complete TUI frame on screen in --demo
// (in a pseudo-terminal, read back through a headless xterm), each against a bare `node -e 0`.
// The UI runs through a code cache made when a session ends (source/ui/launch.ts): the frame is
// measured with it, as every start after the first one is, and without it, as a first start is.
import {spawnSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import pty from 'node-pty';
import xterm from '@xterm/headless';
import {CLI, median, round, type BenchRow} from './measure.js';

const ROUNDS = 15;

/** The environment without NODE_EXTRA_CA_CERTS, which Node 20 reads as every process starts. */
function withoutExtraCas(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const {NODE_EXTRA_CA_CERTS: _extraCas, ...rest} = env;
  return rest;
}

function timeSpawn(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, {stdio: 'ignore', env});
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
  return elapsed;
}

export function screenText(term: InstanceType<typeof xterm.Terminal>): string {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
  return lines.join('\n');
}

/** The demo opens on the user picker; its frame is complete once the header names the bot user
 * (whoami answered), the picker's entries and the key hints are drawn. */
export function isCompleteDemoFrame(screen: string): boolean {
  return (
    screen.includes('DEMO') && / as \S/.test(screen) && screen.includes('me (this client)') && screen.includes('quit')
  );
}

/** Spawn → first complete frame. With `quit`, the UI then quits as a person would (its code cache is
 * written then); otherwise it is killed at once. */
function timeFirstFrame(home: string, {quit = false, base = process.env} = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const term = new xterm.Terminal({cols: 80, rows: 24, allowProposedApi: true});
    const env: NodeJS.ProcessEnv = {...base, QLIK_TOKENS_HOME: home, TERM: 'xterm-256color'};
    delete env.CI; // with CI set, Ink draws only the last frame
    const start = performance.now();
    const child = pty.spawn(process.execPath, [CLI, '--demo'], {
      cols: 80,
      rows: 24,
      env: env as Record<string, string>,
    });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no complete frame within 10 s; screen:\n${screenText(term)}`));
    }, 10_000);
    let elapsed: number | undefined;
    child.onExit(() => {
      clearTimeout(timer);
      if (elapsed === undefined)
        reject(new Error(`the demo exited before a complete frame; screen:\n${screenText(term)}`));
      else resolve(elapsed);
    });
    child.onData((data) => {
      term.write(data, () => {
        if (elapsed !== undefined || !isCompleteDemoFrame(screenText(term))) return;
        elapsed = performance.now() - start;
        if (quit) child.write('\u0003');
        else child.kill();
      });
    });
  });
}

function withoutExtraCasRows(bare: number, frame: number, cold: number): BenchRow[] {
  const row = (name: string, value: number, note?: string): BenchRow => ({
    group: 'start-up',
    name,
    value: round(value, 1),
    unit: 'ms',
    ...(note ? {note} : {}),
  });
  return [
    row('node -e 0, without NODE_EXTRA_CA_CERTS', bare),
    row('first complete TUI frame, without it', frame, `${round(frame / bare)}× that node -e 0`),
    row('the same, very first start, without it', cold, `${round(cold / bare)}× that node -e 0`),
  ];
}

function cacheFiles(home: string): string[] {
  const dir = join(home, 'cache');
  return existsSync(dir) ? readdirSync(dir) : [];
}

export async function benchStartup(): Promise<BenchRow[]> {
  const home = mkdtempSync(join(tmpdir(), 'qlik-tokens-bench-'));
  const coldHome = mkdtempSync(join(tmpdir(), 'qlik-tokens-bench-cold-'));
  try {
    const bare: number[] = [];
    const version: number[] = [];
    const frame: number[] = [];
    const cold: number[] = [];
    // Where NODE_EXTRA_CA_CERTS is set (this machine: the system's bundle), Node 20 spends ~40 ms
    // reading it before running anything, `node -e 0` included: the ratios below then flatter. The
    // same figures without it follow.
    const extraCas = Boolean(process.env.NODE_EXTRA_CA_CERTS) && process.versions.node.startsWith('20.');
    const bareOwn: number[] = [];
    const frameOwn: number[] = [];
    const coldOwn: number[] = [];
    timeSpawn(['-e', '0']);
    timeSpawn([CLI, '--version']);
    // The first start, quitting normally, leaves the code cache that the measured starts use.
    await timeFirstFrame(home, {quit: true});
    if (cacheFiles(home).length !== 1)
      throw new Error(`expected one code cache after a first start, found: ${cacheFiles(home).join(', ') || 'none'}`);
    for (let i = 0; i < ROUNDS; i++) {
      bare.push(timeSpawn(['-e', '0']));
      version.push(timeSpawn([CLI, '--version']));
      frame.push(await timeFirstFrame(home));
      rmSync(join(coldHome, 'cache'), {recursive: true, force: true});
      cold.push(await timeFirstFrame(coldHome));
      if (extraCas) {
        const base = withoutExtraCas(process.env);
        bareOwn.push(timeSpawn(['-e', '0'], base));
        frameOwn.push(await timeFirstFrame(home, {base}));
        rmSync(join(coldHome, 'cache'), {recursive: true, force: true});
        coldOwn.push(await timeFirstFrame(coldHome, {base}));
      }
    }
    const b = median(bare);
    const v = median(version);
    const f = median(frame);
    const c = median(cold);
    return [
      {group: 'start-up', name: 'node -e 0', value: round(b, 1), unit: 'ms'},
      {
        group: 'start-up',
        name: 'qlik-tokens --version',
        value: round(v, 1),
        unit: 'ms',
        note: `${round(v / b)}× node -e 0 (target ≤ 1.5×)`,
      },
      {
        group: 'start-up',
        name: 'first complete TUI frame, --demo, 80x24 pty',
        value: round(f, 1),
        unit: 'ms',
        note: `${round(f / b)}× node -e 0 (target ≤ 3×)`,
      },
      {
        group: 'start-up',
        name: 'the same, very first start (no code cache yet)',
        value: round(c, 1),
        unit: 'ms',
        note: `${round(c / b)}× node -e 0`,
      },
      ...(extraCas ? withoutExtraCasRows(median(bareOwn), median(frameOwn), median(coldOwn)) : []),
    ];
  } finally {
    rmSync(home, {recursive: true, force: true});
    rmSync(coldHome, {recursive: true, force: true});
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchStartup()) console.log(row);
}
