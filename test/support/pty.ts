// The CLI in a real pseudo-terminal (node-pty), for prompts, progress lines and ctrl-c. Shared by
// every terminal test so that there is one way to wait on the screen.
import pty, {type IPty} from 'node-pty';
import {CLI_ARGS, REPO_ROOT, childEnv} from '../commands/cli-harness.js';

export type Terminal = {
  output: () => string;
  write: (data: string) => void;
  /** Resolves once the output matches; rejects if the process exits first. Never sleeps. */
  waitFor: (pattern: RegExp) => Promise<void>;
  /** The exit code (a signal death is reported as 128 + the signal number, like a shell does), once
   * every byte of output has been read. */
  exit: Promise<number>;
  pid: number;
};

export type PtyOptions = {home: string; env?: NodeJS.ProcessEnv; cols?: number; rows?: number};

/** How long the output must be quiet after the exit before the exit counts. */
const QUIET_MS = 100;

/**
 * The exit code (a signal death as 128 + the signal, like a shell), once the output has stopped:
 * node-pty can report the exit before the last bytes are read, and a test would see a cut output.
 */
export function exitAfterOutput(term: IPty): Promise<number> {
  let lastData = performance.now();
  term.onData(() => {
    lastData = performance.now();
  });
  return new Promise<number>((resolve) =>
    term.onExit(({exitCode, signal}) => resolve(signal ? 128 + signal : exitCode)),
  ).then(async (code) => {
    for (let quiet = performance.now() - lastData; quiet < QUIET_MS; quiet = performance.now() - lastData) {
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS - quiet));
    }
    return code;
  });
}

/** Runs `file args` in a pseudo-terminal with the test's home and no inherited QLIK_* variables. */
export function spawnProgramInPty(file: string, args: string[], options: PtyOptions): Terminal {
  const term = pty.spawn(file, args, {
    name: 'xterm',
    cols: options.cols ?? 100,
    rows: options.rows ?? 30,
    cwd: REPO_ROOT,
    env: childEnv(options.home, options.env) as Record<string, string>,
  });
  let output = '';
  const waiters: Array<() => void> = [];
  term.onData((data) => {
    output += data;
    for (const wake of waiters.splice(0)) wake();
  });
  const exit = exitAfterOutput(term);
  const waitFor = async (pattern: RegExp): Promise<void> => {
    while (!pattern.test(output)) {
      const more = new Promise<void>((resolve) => waiters.push(resolve));
      const ended = exit.then(() => {
        if (!pattern.test(output)) throw new Error(`exited before ${pattern}: ${JSON.stringify(output)}`);
      });
      await Promise.race([more, ended]);
    }
  };
  return {output: () => output, write: (data) => term.write(data), waitFor, exit, pid: term.pid};
}

/** The CLI (`qlik-tokens args`) in a pseudo-terminal. */
export function spawnInPty(args: string[], options: PtyOptions): Terminal {
  return spawnProgramInPty(process.execPath, [...CLI_ARGS, ...args], options);
}
