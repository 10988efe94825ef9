// The contract between cli.tsx and every command module: each exports `run(ctx): Promise<ExitCode>`.
import type {Readable, Writable} from 'node:stream';
import {safeMessage} from '../text/terminal-safe.js';

export const ExitCode = {ok: 0, failure: 1, usage: 2, auth: 3} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type GlobalFlags = {
  profile?: string;
  readonly: boolean;
  /** Live refresh period in seconds (default 5, min 2). */
  refresh: number;
  json: boolean;
  demo: boolean;
  help: boolean;
  version: boolean;
};

export type CommandContext = {
  global: GlobalFlags;
  /** argv after the command name, global flags removed. */
  args: string[];
  env: NodeJS.ProcessEnv;
  stdin: Readable & {isTTY?: boolean};
  stdout: Writable & {isTTY?: boolean; columns?: number};
  stderr: Writable & {isTTY?: boolean; columns?: number};
};

export type CommandModule = {run(ctx: CommandContext): Promise<number>};

/** A usage error: printed with the command's help hint, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    // Usage errors quote what was typed (a profile name, a subcommand): never raw controls.
    super(safeMessage(message));
    this.name = 'UsageError';
  }
}
