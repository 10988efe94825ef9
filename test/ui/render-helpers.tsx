// Shared by the UI tests: a terminal of a chosen size and theme, keys as the terminal sends them,
// and waiting on what the frame shows (with a deadline) rather than on the clock.
import {EventEmitter} from 'node:events';
import type {ReactElement} from 'react';
import {render} from 'ink';
import {KeyStream} from '../../source/ui/input/key-stream.js';
import {KeyStreamContext} from '../../source/ui/input/key-stream-context.js';
import {noColourTheme, ThemeContext, type Theme} from '../../source/ui/theme.js';

/**
 * ink-testing-library's stdout is always 100 columns and has no rows; this one is any size and
 * can be resized, so the real size path (stdout.columns/rows and 'resize') is what gets tested.
 */
export class SizedStdout extends EventEmitter {
  frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    this.emit('frame', frame);
    return true;
  };
  lastFrame = (): string | undefined => this.frames.at(-1);
  resize(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  /** The key stream reading this stdin, if any: press() waits for it to be idle. */
  keys: KeyStream | undefined;
  data: string | null = null;
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const {data} = this;
    this.data = null;
    return data;
  };
}

export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  pageDown: '\u001B[6~',
  pageUp: '\u001B[5~',
  enter: '\r',
  esc: '\u001B',
  backspace: '\u007F',
  tab: '\t',
  ctrlC: '\u0003',
} as const;

export function renderSized(
  element: ReactElement,
  {
    columns = 80,
    rows = 24,
    theme = noColourTheme,
    keyStream = true,
  }: {columns?: number; rows?: number; theme?: Theme; keyStream?: boolean} = {},
) {
  const stdout = new SizedStdout(columns, rows);
  const stdin = new FakeStdin();
  const stderr = new SizedStdout(columns, rows);
  // As main.tsx does: Ink reads the key stream, which cuts what is written into single keys.
  // keyStream: false hands Ink the raw input, as it was before the stream (to show what it fixes).
  const keys = keyStream ? new KeyStream(stdin) : undefined;
  stdin.keys = keys;
  keys?.start();
  const instance = render(
    <ThemeContext.Provider value={theme}>
      <KeyStreamContext.Provider value={keys}>{element}</KeyStreamContext.Provider>
    </ThemeContext.Provider>,
    {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: (keys ?? stdin) as unknown as NodeJS.ReadStream,
      stderr: stderr as unknown as NodeJS.WriteStream,
      // debug: every frame is written whole, so lastFrame() is exactly what is on screen.
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
    },
  );
  return {
    stdout,
    stdin,
    frames: stdout.frames,
    lastFrame: stdout.lastFrame,
    unmount: () => {
      instance.unmount();
      keys?.stop();
    },
    rerender: instance.rerender,
  };
}

export const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

type Rendered = {lastFrame: () => string | undefined; stdout: SizedStdout};

/**
 * Resolves with the first frame (the current one, or one drawn later) for which `predicate` holds;
 * fails with the last frame when the deadline passes. Checks on every frame drawn, never on a clock.
 */
export function waitForFrame(
  instance: Rendered,
  predicate: (frame: string) => boolean,
  what: string,
  timeoutMs = 8000,
): Promise<string> {
  const current = instance.lastFrame() ?? '';
  if (predicate(current)) return Promise.resolve(current);
  return new Promise((resolve, reject) => {
    const onFrame = (frame: string) => {
      if (!predicate(frame)) return;
      clearTimeout(deadline);
      instance.stdout.off('frame', onFrame);
      resolve(frame);
    };
    const deadline = setTimeout(() => {
      instance.stdout.off('frame', onFrame);
      reject(new Error(`timed out waiting for ${what}; last frame:\n${instance.lastFrame() ?? ''}`));
    }, timeoutMs);
    instance.stdout.on('frame', onFrame);
  });
}

export const waitForText = (instance: Rendered, text: string, timeoutMs?: number) =>
  waitForFrame(instance, (frame) => frame.includes(text), JSON.stringify(text), timeoutMs);

/** Writes keys one at a time, letting Ink render between them as a person's typing would. */
export async function press(
  stdin: {write: (data: string) => void; keys?: KeyStream | undefined},
  ...keys: string[]
): Promise<void> {
  for (const key of keys) {
    stdin.write(key);
    await tick();
    await tick();
    await stdin.keys?.idle();
  }
}

export const ANSI = /\u001B\[[0-9;]*m/g;

export function lines(frame: string): string[] {
  return frame.replace(ANSI, '').split('\n');
}
