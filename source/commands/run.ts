// The commands: every argv that is not the UI. The router (cli.tsx) loads this module once it knows
// a command is asked for; built, it is dist/commands.js, ESM, each command a chunk of its own.
import {UsageError, type CommandContext, type CommandModule, type GlobalFlags} from './context.js';
import {safeText} from '../text/terminal-safe.js';

const commands: Record<string, () => Promise<CommandModule>> = {
  profiles: () => import('./profiles.js'),
  whoami: () => import('./whoami.js'),
  users: () => import('./users.js'),
  tokens: () => import('./tokens.js'),
  audit: () => import('./audit.js'),
  simulate: () => import('./simulate.js'),
};

/** Runs command `name` with `args` (what follows it) and the global flags; the exit code. */
export async function runCommand(name: string, args: string[], global: GlobalFlags): Promise<number> {
  const load = commands[name];
  if (!load) {
    process.stderr.write(`qlik-tokens: unknown command "${safeText(name)}"\nRun qlik-tokens --help for usage.\n`);
    return 2;
  }
  // Node 20 (V8 11.3) only: after a few responses V8 recompiles the largest function of undici's
  // HTTP parser (llhttp, WebAssembly; 33 kB) with TurboFan, 86 ms of CPU on a helper thread that the
  // process then waits for before it exits: a `whoami` cost 250 ms of CPU, 160 ms without it
  // (measured here; a 100,000-token `tokens list --json` took as long either way). Node 22 and 24
  // do not wait for it. The UI keeps V8's defaults: its code cache is valid only for the flags it
  // was made with, and a session lasts long enough for the faster parser to pay off.
  // Imported here: node:v8 costs the UI's first frame a millisecond of loading it does not need.
  if (process.versions.node.startsWith('20.')) (await import('node:v8')).setFlagsFromString('--liftoff-only');
  const ctx: CommandContext = {
    global,
    args,
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  };
  try {
    const command = await load();
    return await command.run(ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`qlik-tokens ${name}: ${error.message}\nRun qlik-tokens ${name} --help for usage.\n`);
      return 2;
    }
    const {reportUnexpected} = await import('./report-error.js');
    return reportUnexpected(error, ctx);
  }
}
