// Input from the operator: a masked secret prompt and a yes/no question on a TTY, or the whole of
// stdin for --secret-stdin. Nothing here ever waits on a stream that is not a terminal unless the
// caller asked for stdin explicitly.
import {QlikError} from '../qlik/errors.js';
import {safeMessage} from '../text/terminal-safe.js';
import type {CommandContext} from './context.js';

type Input = CommandContext['stdin'] & {setRawMode?: (mode: boolean) => unknown};

const cancelled = (): QlikError => new QlikError({kind: 'cancelled', message: 'cancelled'});

/** Everything on stdin, minus one trailing newline (`echo "$SECRET" |` adds one). */
export async function readAllStdin(stdin: CommandContext['stdin']): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/**
 * Reads one line in raw mode: echoes `*` per character when masked (so the secret never appears,
 * not even its characters), handles backspace and ctrl-u; ctrl-c or ctrl-d on an empty line cancel.
 */
export function readLineRaw(
  ctx: Pick<CommandContext, 'stdin' | 'stderr'>,
  prompt: string,
  {mask}: {mask: boolean},
): Promise<string> {
  const stdin = ctx.stdin as Input;
  const out = ctx.stderr;
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const finish = (error: Error | undefined): void => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      out.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      // An arrow or function key: nothing a secret or an answer contains.
      if (text.startsWith('\u001b')) return;
      for (const char of text) {
        if (char === '\u0003') return finish(cancelled());
        if (char === '\u0004') {
          if (value === '') return finish(cancelled());
          continue;
        }
        if (char === '\r' || char === '\n') return finish(undefined);
        if (char === '\u007f' || char === '\b') {
          if (value.length > 0) {
            value = Array.from(value).slice(0, -1).join('');
            out.write('\b \b');
          }
          continue;
        }
        if (char === '\u0015') {
          out.write('\b \b'.repeat(Array.from(value).length));
          value = '';
          continue;
        }
        if (char < ' ') continue;
        value += char;
        out.write(mask ? '*' : char);
      }
    };
    // Raw mode first: a key typed as soon as the prompt shows must not be echoed by the terminal.
    stdin.setRawMode?.(true);
    stdin.setEncoding?.('utf8');
    stdin.on('data', onData);
    stdin.resume();
    // Prompts quote stored values (a tenant URL from a hand-edited config): drawn inert.
    out.write(safeMessage(prompt));
  });
}

export function promptSecret(ctx: Pick<CommandContext, 'stdin' | 'stderr'>, label: string): Promise<string> {
  return readLineRaw(ctx, label, {mask: true});
}

/** A yes/no question; anything but y/yes is no. */
export async function confirm(ctx: Pick<CommandContext, 'stdin' | 'stderr'>, question: string): Promise<boolean> {
  const answer = await readLineRaw(ctx, `${question} [y/N] `, {mask: false});
  return /^y(es)?$/i.test(answer.trim());
}

export function isInteractive(ctx: Pick<CommandContext, 'stdin' | 'stderr'>): boolean {
  return ctx.stdin.isTTY === true && ctx.stderr.isTTY === true;
}
