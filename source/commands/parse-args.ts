// node:util parseArgs (strict) with our usage errors. Its own messages may quote a whole argument,
// value included; ours name only the option, so nothing typed after "=" is ever echoed.
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {UsageError} from './context.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const SECRET_FLAGS = /^--(client-secret|clientsecret|client_secret|secret)(=|$)/i;

export const SECRET_FLAG_MESSAGE = 'the secret is never a flag: use --secret-stdin or the prompt';

export function parseCommandArgs<O extends Options>(args: string[], options: O, {positionals = true} = {}) {
  for (const arg of args) {
    if (arg === '--') break;
    if (SECRET_FLAGS.test(arg)) throw new UsageError(SECRET_FLAG_MESSAGE);
  }
  try {
    return parseArgs({args, options, strict: true, allowPositionals: positionals});
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const offending = args.find(
      (arg) =>
        arg.startsWith('-') &&
        !Object.keys(options).some(
          (name) => arg === `--${name}` || arg.startsWith(`--${name}=`) || arg === `-${options[name]?.short}`,
        ),
    );
    const name = offending?.split('=', 1)[0];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && name) throw new UsageError(`unknown option ${name}`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError('unexpected argument');
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = args.find((arg) => /^--[a-z-]+$/.test(arg) && options[arg.slice(2)]?.type === 'string');
      throw new UsageError(flag ? `${flag} needs a value` : 'an option is missing its value');
    }
    throw new UsageError('invalid arguments');
  }
}
