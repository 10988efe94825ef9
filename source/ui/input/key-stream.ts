// The stdin Ink reads: the terminal's input cut into single keys before Ink sees it.
//
// Ink 6 hands everything that arrived in one read to its listeners as one input: "url<Tab>id" typed
// fast (tmux send-keys, a paste, SSH) would reach a text field as one piece of text, Tab included,
// and a secret typed after it would land in the URL field. Cut into keys here, every listener —
// ink-text-input included — sees one key per event, and each key is handled (state updated,
// rendered, effects run) before the next one is handed over. React 19 renders Ink's updates
// asynchronously (no legacy mode), and ink-text-input keeps its value and cursor in the closure of
// its last render: two keys in one tick would both edit the same old value. So the next key waits
// for React's scheduler to be idle.
//
// While a text field has the focus, this is also where the field's readline keys become what
// ink-text-input understands: it knows insert, ←, → and backspace only, keeps its cursor to itself,
// and would type the letter of any ctrl chord into the field. So the focused field registers a
// LineEditor; home/end/ctrl-a/ctrl-e/ctrl-u/ctrl-k/ctrl-w/alt-b/alt-f are replayed to it as runs of
// ←, → and backspace, and other ctrl and alt chords go straight to the app's key router, never to
// the field.
import {EventEmitter} from 'node:events';
import type {Key} from 'ink';
// React's own scheduler (the copy Ink's reconciler runs on): an idle-priority task runs once React
// has rendered, committed and run the effects of everything before it.
import {unstable_IdlePriority, unstable_scheduleCallback} from 'scheduler';
import {safeText} from '../../text/terminal-safe.js';

const ESC = '\u001B';
const LEFT = `${ESC}[D`;
const RIGHT = `${ESC}[C`;
const BACKSPACE = '\u007F';

/**
 * Cuts a chunk into keys: escape sequences (CSI, SS3, ESC + one character) whole, everything else
 * one code point at a time; "\r\n" is one Enter. An escape sequence cut off by the end of the
 * chunk is returned as `rest`, to be completed by the next chunk (or taken as Escape).
 */
export function splitKeys(chunk: string): {keys: string[]; rest: string} {
  const keys: string[] = [];
  let i = 0;
  while (i < chunk.length) {
    const char = chunk[i]!;
    if (char === ESC) {
      const end = escapeEnd(chunk, i);
      if (end === undefined) return {keys, rest: chunk.slice(i)};
      keys.push(chunk.slice(i, end));
      i = end;
      continue;
    }
    if (char === '\r' && chunk[i + 1] === '\n') {
      keys.push('\r');
      i += 2;
      continue;
    }
    const point = chunk.codePointAt(i)!;
    const width = point > 0xffff ? 2 : 1;
    keys.push(chunk.slice(i, i + width));
    i += width;
  }
  return {keys, rest: ''};
}

/** Where the escape sequence starting at `start` ends, or undefined if the chunk ends first. */
function escapeEnd(text: string, start: number): number | undefined {
  let i = start + 1;
  if (i >= text.length) return undefined;
  // ESC ESC [ A: alt + an arrow, as some terminals send it; ESC ESC anything else is Escape
  // pressed twice, fast (one read over ssh or tmux): two keys, or the second one is lost.
  if (text[i] === ESC) {
    if (i + 1 >= text.length) return undefined;
    if (text[i + 1] !== '[' && text[i + 1] !== 'O') return i;
    i += 1;
  }
  if (text[i] === '[') {
    i += 1;
    // ESC [ [ A: the Linux console's function keys.
    if (text[i] === '[') i += 1;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x40 && code <= 0x7e) return i + 1;
      if (code < 0x20 || code > 0x3f) return i; // not a CSI after all: cut here
    }
    return undefined;
  }
  if (text[i] === 'O') return i + 2 <= text.length ? i + 2 : undefined;
  const point = text.codePointAt(i)!;
  return i + (point > 0xffff ? 2 : 1);
}

/** The cursor a text field shows, kept here so readline keys can be replayed as ← → backspace. */
export type LineEditor = {value: () => string; cursor: number; accept?: ((char: string) => boolean) | undefined};

const HOME = new Set([`${ESC}[H`, `${ESC}OH`, `${ESC}[1~`, `${ESC}[7~`, '\u0001']);
const END = new Set([`${ESC}[F`, `${ESC}OF`, `${ESC}[4~`, `${ESC}[8~`, '\u0005']);
const FORWARD_DELETE = `${ESC}[3~`;
const F1 = new Set([`${ESC}OP`, `${ESC}[11~`, `${ESC}[[A`, `${ESC}[1P`]);
/** The input the router gets for F1 (no single key is two characters long). */
export const F1_INPUT = 'F1';

function wordStartBefore(value: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && /\s/.test(value[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(value[i - 1]!)) i--;
  return i;
}

function wordEndAfter(value: string, cursor: number): number {
  let i = cursor;
  while (i < value.length && /\s/.test(value[i]!)) i++;
  while (i < value.length && !/\s/.test(value[i]!)) i++;
  return i;
}

/** ESC and one character (not the start of a longer sequence): what a terminal sends for alt + it. */
const isAltChord = (seq: string): boolean =>
  seq.length === 2 && seq[0] === ESC && seq[1]! >= ' ' && seq[1] !== '[' && seq[1] !== 'O';

/**
 * A ctrl chord: a key for the app, never text for a field. ctrl-j ("\n") too: typed into a one-line
 * field, a newline broke the frame (Enter is "\r" in raw mode). (Alt chords: isAltChord.)
 */
function chordKey(seq: string): {input: string; key: Key} | undefined {
  const code = seq.charCodeAt(0);
  if (seq.length === 1 && code >= 1 && code <= 26 && seq !== '\t' && seq !== '\r' && seq !== '\b')
    return {input: String.fromCharCode(code + 96), key: {...NO_KEY, ctrl: true}};
  return undefined;
}

/**
 * What the focused field gets for one key: the keys to hand to ink-text-input (maybe none), or
 * undefined when the key is not the field's (Enter, Tab, ↑↓, esc, chords: the app's keys).
 * Updates the editor's cursor as ink-text-input will move its own.
 */
export function editKeys(editor: LineEditor, seq: string): string[] | undefined {
  const value = editor.value();
  const length = value.length;
  const move = (to: number): string[] => {
    const target = Math.max(0, Math.min(length, to));
    const keys = Array<string>(Math.abs(target - editor.cursor)).fill(target < editor.cursor ? LEFT : RIGHT);
    editor.cursor = target;
    return keys;
  };
  const eraseBack = (count: number): string[] => {
    const n = Math.min(count, editor.cursor);
    editor.cursor -= n;
    return Array<string>(n).fill(BACKSPACE);
  };
  if (seq === LEFT) return move(editor.cursor - 1);
  if (seq === RIGHT) return move(editor.cursor + 1);
  if (HOME.has(seq)) return move(0);
  if (END.has(seq)) return move(length);
  if (seq === BACKSPACE || seq === '\b') return eraseBack(1);
  if (seq === FORWARD_DELETE) return editor.cursor < length ? [...move(editor.cursor + 1), ...eraseBack(1)] : [];
  if (seq === '\u0015') return eraseBack(editor.cursor); // ctrl-u: to the start, as readline
  if (seq === '\u000B') {
    // ctrl-k: to the end
    const count = length - editor.cursor;
    const keys: string[] = [];
    for (let i = 0; i < count; i++) keys.push(...move(editor.cursor + 1), ...eraseBack(1));
    return keys;
  }
  if (seq === '\u0017' || seq === `${ESC}${BACKSPACE}`)
    return eraseBack(editor.cursor - wordStartBefore(value, editor.cursor));
  if (seq === `${ESC}b`) return move(wordStartBefore(value, editor.cursor));
  if (seq === `${ESC}f`) return move(wordEndAfter(value, editor.cursor));
  if (seq.length <= 2 && seq.codePointAt(0)! >= 0x20 && seq !== BACKSPACE && !seq.startsWith(ESC)) {
    // Text: what a terminal cannot show (C1 controls, bidi overrides, zero-width) is not typed.
    if (safeText(seq) !== seq || (editor.accept && !editor.accept(seq))) return [];
    editor.cursor += seq.length;
    return [seq];
  }
  return undefined;
}

/**
 * ink-text-input moves its cursor to the end of a value that got shorter under it; the editor's
 * copy follows the same rule (called when the field's value changed from outside).
 */
export function clampEditor(editor: LineEditor): void {
  const length = editor.value().length;
  if (editor.cursor > length - 1) editor.cursor = length;
}

export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** The terminal side: process.stdin, or a test's fake. */
export type KeySource = {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
  setEncoding?: (encoding: BufferEncoding) => unknown;
  on(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  off(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  resume?: () => unknown;
  pause?: () => unknown;
  ref?: () => unknown;
  unref?: () => unknown;
};

export type ChordListener = (input: string, key: Key) => void;

/**
 * Ink's stdin. Ink reads keys from it one per `readable` event, synchronously, so each key is
 * handled before the next one is emitted.
 */
export class KeyStream extends EventEmitter {
  readonly isTTY = true;
  private queue: string[] = [];
  /** Keys waiting their turn; `ink` ones are already translated for the focused field. */
  private keys: Array<{seq: string; ink?: true}> = [];
  private pumping = false;
  private pending = '';
  private flushTimer: NodeJS.Immediate | undefined;
  private editor: LineEditor | undefined;
  private readonly chordListeners = new Set<ChordListener>();
  private started = false;

  constructor(private readonly source: KeySource) {
    super();
  }

  /** Raw mode for the whole session: Ink's own toggling (per listener) is not passed on. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.source.setRawMode?.(true);
    this.source.setEncoding?.('utf8');
    this.source.on('data', this.onData);
    this.source.resume?.();
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    clearImmediate(this.flushTimer);
    this.keys.length = 0;
    this.source.off('data', this.onData);
    this.source.setRawMode?.(false);
    this.source.pause?.();
    this.source.unref?.();
  }

  /** The focused text field, or undefined when none has the focus. */
  focus(editor: LineEditor | undefined): void {
    this.editor = editor;
  }

  focused(): LineEditor | undefined {
    return this.editor;
  }

  /** Chords typed while a text field has the focus: they bypass Ink (and so the field). */
  onChord(listener: ChordListener): () => void {
    this.chordListeners.add(listener);
    return () => this.chordListeners.delete(listener);
  }

  /** Feeds input as if typed (tests, and the terminal's data events). */
  feed(chunk: string): void {
    clearImmediate(this.flushTimer);
    this.flushTimer = undefined;
    const {keys, rest} = splitKeys(this.pending + chunk);
    this.pending = rest;
    for (const seq of keys) this.keys.push({seq});
    this.pump();
    // A lone Escape, or the start of a sequence whose end has not come: like Ink, wait one turn.
    if (this.pending !== '')
      this.flushTimer = setImmediate(() => {
        let key = this.pending;
        this.pending = '';
        // Escapes that no sequence followed: each one a key.
        while (key.startsWith(`${ESC}${ESC}`)) {
          this.keys.push({seq: ESC});
          key = key.slice(1);
        }
        if (key) this.keys.push({seq: key});
        this.pump();
      });
  }

  /**
   * Resolves once every key fed so far has been handed over and React has rendered it (tests wait
   * on this instead of a number of turns: under load, React's scheduler takes more of them).
   */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.pumping || this.keys.length > 0 || this.pending !== '') return void setImmediate(check);
        unstable_scheduleCallback(unstable_IdlePriority, () => resolve());
      };
      check();
    });
  }

  /** Hands over one key, then waits for React to have finished with it. */
  private pump(): void {
    if (this.pumping || !this.started) return;
    const key = this.keys.shift();
    if (key === undefined) return;
    this.pumping = true;
    if (key.ink) this.toInk(key.seq);
    else this.dispatch(key.seq);
    // React schedules its render from a microtask queued during dispatch; this one runs after it,
    // so the idle task is queued behind that render (and the effects its commit queues).
    queueMicrotask(() =>
      unstable_scheduleCallback(unstable_IdlePriority, () => {
        this.pumping = false;
        this.pump();
      }),
    );
  }

  private readonly onData = (chunk: string | Buffer) =>
    this.feed(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));

  private dispatch(seq: string): void {
    // F1 is the help key where ? is text; Ink's Key cannot tell function keys apart, so it goes
    // to the router by name.
    if (F1.has(seq)) {
      for (const listener of [...this.chordListeners]) listener(F1_INPUT, NO_KEY);
      return;
    }
    const editor = this.editor;
    if (editor) {
      const forField = editKeys(editor, seq);
      if (forField) {
        // One at a time like every key (ctrl-a is a run of ←): each waits for the render before it.
        const [first, ...rest] = forField;
        this.keys.unshift(...rest.map((key) => ({seq: key, ink: true as const})));
        if (first !== undefined) this.toInk(first);
        return;
      }
    }
    // Escape and the next key typed fast arrive in one read over ssh or tmux ("\x1bq"), just as a
    // terminal sends alt + q. The tool binds no alt chord but the field's readline ones (taken
    // above), so any other is the two keys the operator typed: Escape now, the key after its render.
    if (isAltChord(seq)) {
      this.keys.unshift({seq: seq.slice(1)});
      this.toInk(ESC);
      return;
    }
    if (editor) {
      const chord = chordKey(seq);
      if (chord) {
        for (const listener of [...this.chordListeners]) listener(chord.input, chord.key);
        return;
      }
    }
    this.toInk(seq);
  }

  private toInk(seq: string): void {
    this.queue.push(seq);
    this.emit('readable');
    // Nobody read it (Ink listens only while a component uses input): drop it, as a terminal would.
    this.queue.length = 0;
  }

  // What Ink calls on its stdin.
  read(): string | null {
    return this.queue.shift() ?? null;
  }
  setRawMode(): void {}
  setEncoding(): void {}
  ref(): void {
    this.source.ref?.();
  }
  unref(): void {}
  resume(): void {}
  pause(): void {}
}
