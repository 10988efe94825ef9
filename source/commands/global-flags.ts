import {UsageError, type GlobalFlags} from './context.js';

export const DEFAULT_REFRESH_SECONDS = 5;
export const MIN_REFRESH_SECONDS = 2;

/**
 * Pulls the global flags out of argv wherever they stand (`tokens list --json` and
 * `--json tokens list` are the same), leaving the command words and its own flags.
 */
export function parseGlobalFlags(argv: string[]): {global: GlobalFlags; rest: string[]} {
  const global: GlobalFlags = {
    readonly: false,
    refresh: DEFAULT_REFRESH_SECONDS,
    json: false,
    demo: false,
    help: false,
    version: false,
  };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('-')) throw new UsageError(`${flag} needs a value`);
      i++;
      return next;
    };
    switch (flag) {
      case '--profile':
        global.profile = value();
        break;
      case '--readonly':
        global.readonly = true;
        break;
      case '--refresh': {
        const raw = value();
        const seconds = Number(raw);
        if (!Number.isFinite(seconds) || seconds <= 0)
          throw new UsageError(`--refresh takes a number of seconds, not "${raw}"`);
        global.refresh = Math.max(MIN_REFRESH_SECONDS, seconds);
        break;
      }
      case '--json':
        global.json = true;
        break;
      case '--demo':
        global.demo = true;
        break;
      case '--help':
      case '-h':
        global.help = true;
        break;
      case '--version':
      case '-V':
        global.version = true;
        break;
      default:
        rest.push(arg);
    }
  }
  return {global, rest};
}
