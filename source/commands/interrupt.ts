// ctrl-c while a command waits on the tenant (a slow answer, a stall until the timeout): the
// contract says "cancelled", exit 2 — not a death by signal that a script sees as 130. Prompts read
// ctrl-c as a key in raw mode and cancel on their own; a bulk revocation installs its own handler
// (requests in flight finish, the rest are reported), after releasing this one.
import {QlikError} from '../qlik/errors.js';
import {ExitCode, type CommandContext} from './context.js';

// conf's atomic writes load when-exit, which answers the first SIGINT by raising it again: one
// ctrl-c arrives twice, a millisecond apart. No operator presses twice that fast.
const REPEATED_SIGINT_MS = 300;

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

/**
 * ctrl-c during a revocation: the first cancels (`signal` aborts: no new requests, those in flight
 * finish and are logged), a second one later quits at once. Armed from `arm()` to `disarm()`.
 */
export function cancelOnInterrupt(
  ctx: Pick<CommandContext, 'stderr'>,
  beforeNote: () => void = () => {},
  saying = 'cancelling: no new requests; waiting for the ones in flight',
): {signal: AbortSignal; arm: () => void; disarm: () => void} {
  const controller = new AbortController();
  let firstInterrupt = 0;
  const onSigint = (): void => {
    const now = Date.now();
    if (firstInterrupt === 0) {
      firstInterrupt = now;
      beforeNote();
      ctx.stderr.write(`${saying} (ctrl-c again to quit now)\n`);
      controller.abort(new QlikError({kind: 'cancelled', message: 'cancelled'}));
    } else if (now - firstInterrupt > REPEATED_SIGINT_MS) {
      // Every outcome so far is already in the audit log; only requests in flight are left unknown.
      process.exit(ExitCode.usage);
    }
  };
  return {
    signal: controller.signal,
    arm: () => process.on('SIGINT', onSigint),
    disarm: () => process.off('SIGINT', onSigint),
  };
}
