// ctrl-c while a command waits on the tenant (a slow answer, a stall until the timeout): the
// contract says "cancelled", exit 2 — not a death by signal that a script sees as 130. Prompts read
// ctrl-c as a key in raw mode and cancel on their own; a bulk revocation installs its own handler
// (requests in flight finish, the rest are reported), after releasing this one.
import {ExitCode, type CommandContext} from './context.js';

/** Until the returned release is called, SIGINT ends the process with exit 2. */
export function exitOnInterrupt(ctx: Pick<CommandContext, 'stderr'>): () => void {
  const onInterrupt = (): void => {
    ctx.stderr.write('\nqlik-tokens: cancelled\n');
    process.exit(ExitCode.usage);
  };
  process.on('SIGINT', onInterrupt);
  return () => {
    process.off('SIGINT', onInterrupt);
  };
}
