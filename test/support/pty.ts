// The CLI in a real pseudo-terminal (node-pty), for prompts, progress lines and ctrl-c. Shared by
// every terminal test so that there is one way to wait on the screen.
import {readFileSync} from 'node:fs';
import pty, {type IPty, type IPtyForkOptions} from 'node-pty';
import {CLI_ARGS, REPO_ROOT, childEnv} from '../commands/cli-harness.js';

export type Terminal = {
  output: () => string;
  write: (data: string) => void;
  /** Resolves once the output matches; rejects if the process exits first. Never sleeps. */
  waitFor: (pattern: RegExp) => Promise<void>;
  /** The exit code (a signal death is reported as 128 + the signal number, like a shell does), once
   * every byte of output has been read (see spawnReportingExit). */
  exit: Promise<number>;
  /** The CLI's process ID. */
  readonly pid: number;
};

export type PtyOptions = {home: string; env?: NodeJS.ProcessEnv; cols?: number; rows?: number};

/**
 * The sequence the wrapper shell writes after the program's last byte: an OSC that terminals ignore,
 * with the exit status. Everything before it in the pty's output is the program's whole output.
 */
const EXIT_REPORT = /\u001B\]7770;exit=(\d+)\u0007/;
const EXIT_REPORT_START = '\u001B]7770;exit=';
/** How long the exit report may trail the wrapper's exit before the report is taken as lost. */
const REPORT_GRACE_MS = 5000;
// INT, TERM and HUP reach the whole process group (ctrl-c, signal() below): the shell waits them out
// with `:` (a trap, not an ignore, so the program gets them with their default action) and reports
// how the program ended: 128 + the signal number for a signal death, as any shell does.
// The wrapper then waits (up to 60 s) for one line from the test, written once the report was read:
// node-pty destroys its reader 200 ms after the process exits, and under load (four test files at
// a time on two cores) the last reads came later than that and were lost, report and all. Where
// there is no `timeout` (GNU coreutils; not on macOS) it does not wait, as before.
const WRAPPER =
  `trap : INT TERM HUP; "$@"; printf '\\033]7770;exit=%d\\007' "$?"; ` +
  `! command -v timeout >/dev/null || timeout --foreground 60 head -n 1 >/dev/null`;

export type ProgramInPty = {
  term: IPty;
  /** The program's output, chunk by chunk, without the exit report. */
  onOutput(listener: (data: string) => void): void;
  /** The exit status, once the last byte of output has been handed to the listeners. */
  exit: Promise<number>;
  /** Sends `signal` to the program's process group (the wrapper waits it out). */
  signal(signal: NodeJS.Signals): void;
  /** The program's own process ID (Linux: from /proc; elsewhere the wrapper's). */
  programPid(): number;
};

/**
 * Runs `file args` in a pseudo-terminal through a tiny `sh -c` wrapper that writes the exit status
 * after the program's last byte: node-pty can report a process's exit before its last output is
 * read, so a test that took the exit as the end of the output raced the two.
 */
export function spawnReportingExit(file: string, args: string[], options: IPtyForkOptions): ProgramInPty {
  const term = pty.spawn('/bin/sh', ['-c', WRAPPER, 'pty-wrapper', file, ...args], options);
  const listeners: Array<(data: string) => void> = [];
  let pending = '';
  let done = false;
  let resolveExit!: (code: number) => void;
  const exit = new Promise<number>((resolve) => {
    resolveExit = resolve;
  });
  const emit = (data: string) => {
    if (data) for (const listener of listeners) listener(data);
  };
  term.onData((data) => {
    if (done) return;
    pending += data;
    const report = EXIT_REPORT.exec(pending);
    if (report) {
      done = true;
      emit(pending.slice(0, report.index));
      pending = '';
      resolveExit(Number(report[1]));
      // The report is in: let the wrapper end (a terminal already gone has nothing to let go).
      try {
        term.write('\n');
      } catch {
        // Already closed: the wrapper is gone.
      }
      return;
    }
    // Hold back what may be the beginning of the report, split across two reads.
    const start = pending.lastIndexOf('\u001B');
    const hold = start >= 0 && EXIT_REPORT_START.startsWith(pending.slice(start, start + EXIT_REPORT_START.length));
    emit(hold ? pending.slice(0, start) : pending);
    pending = hold ? pending.slice(start) : '';
  });
  // node-pty may report the wrapper's exit before the last bytes are read: a wrapper that ended
  // normally wrote its report, which is still on its way and settles `exit`. Only a wrapper that was
  // killed (SIGKILL) or failed reports nothing: the pty's own account then.
  // If the report never comes all the same, `exit` settles after a grace period as -1, which no
  // program returns: the test fails on it instead of hanging until the runner's timeout.
  term.onExit(({exitCode, signal}) => {
    if (done) return;
    if (!signal && exitCode === 0) {
      setTimeout(() => {
        if (done) return;
        done = true;
        emit(pending);
        resolveExit(-1);
      }, REPORT_GRACE_MS).unref();
      return;
    }
    done = true;
    emit(pending);
    resolveExit(signal ? 128 + signal : exitCode);
  });
  return {
    term,
    onOutput: (listener) => listeners.push(listener),
    exit,
    signal: (signal) => process.kill(-term.pid, signal),
    programPid: () => {
      try {
        const children = readFileSync(`/proc/${term.pid}/task/${term.pid}/children`, 'utf8').trim();
        return Number(children.split(' ')[0]) || term.pid;
      } catch {
        return term.pid;
      }
    },
  };
}

/** Runs `file args` in a pseudo-terminal with the test's home and no inherited QLIK_* variables. */
export function spawnProgramInPty(file: string, args: string[], options: PtyOptions): Terminal {
  const program = spawnReportingExit(file, args, {
    name: 'xterm',
    cols: options.cols ?? 100,
    rows: options.rows ?? 30,
    cwd: REPO_ROOT,
    env: childEnv(options.home, options.env) as Record<string, string>,
  });
  let output = '';
  const waiters: Array<() => void> = [];
  program.onOutput((data) => {
    output += data;
    for (const wake of waiters.splice(0)) wake();
  });
  const {exit} = program;
  const waitFor = async (pattern: RegExp): Promise<void> => {
    while (!pattern.test(output)) {
      const more = new Promise<void>((resolve) => waiters.push(resolve));
      const ended = exit.then(() => {
        if (!pattern.test(output)) throw new Error(`exited before ${pattern}: ${JSON.stringify(output)}`);
      });
      await Promise.race([more, ended]);
    }
  };
  return {
    output: () => output,
    write: (data) => program.term.write(data),
    waitFor,
    exit,
    get pid() {
      return program.programPid();
    },
  };
}

/** The CLI (`qlik-tokens args`) in a pseudo-terminal. */
export function spawnInPty(args: string[], options: PtyOptions): Terminal {
  return spawnProgramInPty(process.execPath, [...CLI_ARGS, ...args], options);
}
