// Runs the CLI as a child process, the way an operator or a script does. Asynchronous on purpose:
// the simulator lives in the test's own event loop, so a blocking spawn would starve it.
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {REPO_ROOT} from '../support/repo-root.js';
import type {Simulator} from '../../source/simulator/index.js';
import {DEFAULT_SCOPE, openProfileStore} from '../../source/profiles/index.js';
import {normalizeTenantUrl} from '../../source/qlik/tenant-url.js';

export {REPO_ROOT};
// The built CLI, as users run it (`npm test` builds before testing); it also starts ~5× faster
// than the sources through tsx, which matters across a hundred child processes.
export const CLI_ARGS = [join(REPO_ROOT, 'dist', 'cli.cjs')];

export type CliResult = {
  code: number | null;
  stdout: string;
  stderr: string;
  argv: string[];
  /** The child outlived `timeoutMs` and was killed: it hung. */
  timedOut?: boolean;
};

export type CliOptions = {
  home: string;
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Called with the child's pid once it runs (to inspect its argv while it is alive). */
  onSpawn?: (pid: number) => void | Promise<void>;
  /** Keep stdin open until onSpawn's promise settles. */
  holdStdin?: boolean;
  /** Kill the child (SIGKILL) if it runs longer, and say so (timedOut): a hang fails the test, not the suite. */
  timeoutMs?: number;
};

/** The environment of a child: no inherited QLIK_* credentials, and the test's own home. */
export function childEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {...process.env};
  for (const key of Object.keys(env)) if (key.startsWith('QLIK_')) delete env[key];
  return {...env, QLIK_TOKENS_HOME: home, NO_COLOR: '1', FORCE_COLOR: '0', ...extra};
}

export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  const argv = [...CLI_ARGS, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, {
      cwd: REPO_ROOT,
      env: childEnv(options.home, options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const killer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    // A child refusing its arguments exits without reading stdin: the input written to it then meets
    // a closed pipe (EPIPE), which is the child's answer, not the harness failing.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({code, stdout, stderr, argv: [process.execPath, ...argv], ...(timedOut ? {timedOut} : {})});
    });
    const finishInput = (): void => {
      if (options.input !== undefined) child.stdin.write(options.input);
      child.stdin.end();
    };
    // 'spawn': the child has exec'd, so /proc and ps show its own argv.
    child.once('spawn', () => {
      const watched = options.onSpawn?.(child.pid!);
      if (options.holdStdin && watched) {
        if (options.input !== undefined) child.stdin.write(options.input);
        void Promise.resolve(watched).finally(() => child.stdin.end());
      } else {
        finishInput();
      }
    });
  });
}

export function freshHome(): {home: string; cleanup: () => void} {
  const base = mkdtempSync(join(tmpdir(), 'qlik-tokens-test-'));
  return {home: join(base, 'home'), cleanup: () => rmSync(base, {recursive: true, force: true})};
}

/** Fresh homes for a test file, all removed by `cleanup()` (its `after`). */
export function homeKeeper(): {fresh: () => string; cleanup: () => void} {
  const cleanups: Array<() => void> = [];
  return {
    fresh: () => {
      const {home, cleanup} = freshHome();
      cleanups.push(cleanup);
      return home;
    },
    cleanup: () => {
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
  };
}

/** The environment that points the CLI at a simulated tenant (no profile needed). */
export function simCredentials(sim: Simulator): NodeJS.ProcessEnv {
  return {QLIK_TENANT: sim.url, QLIK_CLIENT_ID: sim.clientId, QLIK_CLIENT_SECRET: sim.clientSecret};
}

/** Runs the CLI against `sim` with credentials from the environment. */
export function simCli(sim: Simulator, home: string, args: string[]): Promise<CliResult> {
  return runCli(args, {home, env: simCredentials(sim)});
}

/** DELETEs of tokens the simulator has answered so far. */
export const simDeletes = (sim: Simulator): number => sim.stats().byRoute['DELETE /api/v1/oauth-tokens/{id}'] ?? 0;

/**
 * Stores a profile as `profiles add NAME --tenant URL --client-id ID --secret-stdin --no-test` does
 * (the same store, the same normalised URL), without a process: the setup of tests about other
 * commands. The command itself is tested by test/commands/profiles.test.ts and the hardening tests.
 */
export function storeProfile(
  home: string,
  profile: {name: string; tenant: string; clientId: string; secret: string},
): void {
  const store = openProfileStore({
    env: {QLIK_TOKENS_HOME: home},
    onWarning: (message) => {
      throw new Error(`storing a test profile warned: ${message}`);
    },
  });
  store.add({
    name: profile.name,
    tenantUrl: normalizeTenantUrl(profile.tenant),
    clientId: profile.clientId,
    clientSecret: profile.secret,
    scope: DEFAULT_SCOPE,
    readonly: false,
  });
}
