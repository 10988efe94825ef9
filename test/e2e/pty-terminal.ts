// The built CLI in a pseudo-terminal, its output fed into a headless xterm: the test reads the
// screen a person would see, cell by cell, and can tell whether anything ever scrolled.
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {REPO_ROOT} from '../support/repo-root.js';
import xterm from '@xterm/headless';
import {spawnReportingExit} from '../support/pty.js';

export {REPO_ROOT};
export const CLI = join(REPO_ROOT, 'dist', 'cli.cjs');

export type PtyRun = {
  /** The visible screen, one string per row. */
  screen(): string[];
  text(): string;
  /** Everything the program wrote, raw. */
  output(): string;
  /** Lines that scrolled off the top (a frame taller than the terminal makes some). */
  scrolledLines(): number;
  write(data: string): void;
  waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  waitForText(text: string, timeoutMs?: number): Promise<string>;
  exited: Promise<number>;
  kill(): void;
  signal(signal: NodeJS.Signals): void;
};

export function childEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {...process.env};
  for (const key of Object.keys(env)) if (key.startsWith('QLIK_')) delete env[key];
  // With CI set, Ink draws only the last frame at exit: the screen would stay empty.
  delete env.CI;
  delete env.CONTINUOUS_INTEGRATION;
  return {...env, TERM: 'xterm-256color', ...extra};
}

export function runInPty(
  args: string[],
  {cols = 80, rows = 24, env}: {cols?: number; rows?: number; env: NodeJS.ProcessEnv},
): PtyRun {
  const term = new xterm.Terminal({cols, rows, allowProposedApi: true, scrollback: 1000});
  let raw = '';
  const child = spawnReportingExit(process.execPath, [CLI, ...args], {
    name: 'xterm-256color',
    cols,
    rows,
    cwd: REPO_ROOT,
    env: env as Record<string, string>,
  });
  // Ink writes each frame as a synchronized update (DEC mode 2026: `CSI ? 2026 h` … `CSI ? 2026 l`),
  // which a pty may hand over in several chunks: waiters look at the screen only between frames, as
  // a terminal that honours the mode shows it, never at half a frame.
  let inFrame = false;
  let tail = '';
  child.onOutput((data) => {
    raw += data;
    const seen = tail + data;
    const begin = seen.lastIndexOf('\u001B[?2026h');
    const end = seen.lastIndexOf('\u001B[?2026l');
    if (begin !== end) inFrame = begin > end;
    tail = seen.slice(-7);
    const between = !inFrame;
    term.write(data, () => {
      if (between) wake();
    });
  });
  const exited = child.exit;
  const screen = () => {
    const buffer = term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < rows; y++) out.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return out;
  };
  // Wakes every waiter once xterm has taken in a chunk of output (or the program has ended).
  const wakers = new Set<() => void>();
  const wake = () => {
    for (const waker of wakers) waker();
  };
  void exited.then(wake);
  const waitFor = (predicate: (screen: string) => boolean, what: string, timeoutMs = 15_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const text = screen().join('\n');
        if (!predicate(text)) return;
        clearTimeout(deadline);
        wakers.delete(check);
        resolve(text);
      };
      const deadline = setTimeout(() => {
        wakers.delete(check);
        reject(new Error(`timed out waiting for ${what}; screen:\n${screen().join('\n')}`));
      }, timeoutMs);
      wakers.add(check);
      check();
    });
  return {
    screen,
    text: () => screen().join('\n'),
    output: () => raw,
    scrolledLines: () => term.buffer.active.baseY,
    write: (data) => child.term.write(data),
    waitFor,
    waitForText: (text, timeoutMs) => waitFor((s) => s.includes(text), JSON.stringify(text), timeoutMs),
    exited,
    signal: (signal) => child.signal(signal),
    kill: () => {
      try {
        child.signal('SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

export function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
