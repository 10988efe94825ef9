// The key stream (source/ui/input/key-stream.ts): every read cut into single keys, handed to Ink
// one at a time, and readline keys for the focused ink-text-input field.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {Text} from 'ink';
import {useState, type ReactElement} from 'react';
import {TextEntry} from '../../source/ui/components/text-entry.js';
import {KeyRouter} from '../../source/ui/hooks/key-router.js';
import {useKeymap} from '../../source/ui/hooks/use-keymap.js';
import {editKeys, splitKeys} from '../../source/ui/input/key-stream.js';
import {renderSized, waitForText} from './render-helpers.js';

const LEFT = '\u001B[D';

describe('splitKeys', () => {
  it('cuts text, control keys and escape sequences apart, and keeps a cut-off sequence for later', () => {
    assert.deepEqual(splitKeys('ab\tc\r\n\u007f'), {keys: ['a', 'b', '\t', 'c', '\r', '\u007f'], rest: ''});
    assert.deepEqual(splitKeys(`x${LEFT}\u001B[6~\u001BOP\u001Bb😀`), {
      keys: ['x', LEFT, '\u001B[6~', '\u001BOP', '\u001Bb', '😀'],
      rest: '',
    });
    assert.deepEqual(splitKeys('a\u001B['), {keys: ['a'], rest: '\u001B['});
    assert.deepEqual(splitKeys('\u001B'), {keys: [], rest: '\u001B'});
  });
  it('takes Escape pressed twice fast as two Escapes, and still keeps alt + an arrow whole', () => {
    assert.deepEqual(splitKeys(`\u001B\u001B${LEFT}`), {keys: ['\u001B', `\u001B${LEFT}`], rest: ''});
    assert.deepEqual(splitKeys(`\u001B${LEFT}`), {keys: [`\u001B${LEFT}`], rest: ''});
  });
});

describe('editKeys (readline keys as ink-text-input keys)', () => {
  const editor = (value: string, cursor = value.length) => ({value: () => value, cursor});
  it('home/ctrl-a, end/ctrl-e, ctrl-w, ctrl-u, ctrl-k become arrows and backspaces', () => {
    const e = editor('hello big world');
    assert.deepEqual(editKeys(e, '\u0001'), Array(15).fill(LEFT));
    assert.equal(e.cursor, 0);
    assert.deepEqual(editKeys(e, '\u001B[F'), Array(15).fill('\u001B[C'));
    assert.deepEqual(editKeys(e, '\u0017'), Array(5).fill('\u007F'), 'ctrl-w erases "world"');
    const mid = editor('hello big world', 6);
    assert.deepEqual(editKeys(mid, '\u0015'), Array(6).fill('\u007F'), 'ctrl-u erases to the start');
    assert.equal(mid.cursor, 0);
    // ←, → and backspace never go past the ends (ink-text-input's cursor would go to -1).
    assert.deepEqual(editKeys(editor('ab', 0), LEFT), []);
    assert.deepEqual(editKeys(editor('ab'), '\u001B[C'), []);
    assert.deepEqual(editKeys(editor('ab', 0), '\u007F'), []);
  });
  it('leaves the app its keys, and types no invisible character', () => {
    assert.equal(editKeys(editor('a'), '\r'), undefined);
    assert.equal(editKeys(editor('a'), '\t'), undefined);
    assert.equal(editKeys(editor('a'), '\u0010'), undefined, "ctrl-p is the app's");
    assert.deepEqual(editKeys(editor('a'), '\u202E'), [], 'a bidi override is not typed');
  });
});

function TwoFields() {
  const [focus, setFocus] = useState(0);
  const [values, setValues] = useState(['', '']);
  useKeymap(
    [{action: 'next', keys: ['tab', 'ctrl+j'], help: 'next'}],
    {next: () => setFocus((f) => (f + 1) % 2)},
    {
      readonly: false,
      isActive: true,
    },
  );
  return (
    <Text>
      {values.map((value, i) => (
        <Text key={i}>
          [
          <TextEntry
            value={value}
            focused={focus === i}
            width={30}
            onChange={(next) => setValues((all) => all.map((v, j) => (j === i ? next : v)))}
          />
          ]{`=${value}; `}
        </Text>
      ))}
    </Text>
  );
}

/** `element` under the key router, as the app's screens are. */
const routed = (element: ReactElement) => <KeyRouter>{element}</KeyRouter>;
const app = () => routed(<TwoFields />);

function EscapeCounter() {
  const [count, setCount] = useState(0);
  useKeymap(
    [{action: 'back', keys: ['esc'], help: 'back'}],
    {back: () => setCount((n) => n + 1)},
    {
      readonly: false,
      isActive: true,
    },
  );
  return <Text>{`escapes=${count}`}</Text>;
}

describe('Escape typed fast', () => {
  it('two Escapes in one read (a double tap, tmux, ssh) are two Escapes, not one', async () => {
    const rendered = renderSized(routed(<EscapeCounter />));
    rendered.stdin.write('\u001B\u001B');
    await waitForText(rendered, 'escapes=2');
    rendered.stdin.write('\u001B\u001B\u001B');
    await waitForText(rendered, 'escapes=5');
    rendered.unmount();
  });
});

/** A field that Escape closes, then a list whose q counts (as a screen's quit would). */
function FilterThenList() {
  const [editing, setEditing] = useState(true);
  const [value, setValue] = useState('');
  const [quits, setQuits] = useState(0);
  useKeymap(
    [
      {action: 'back', keys: ['esc'], help: 'back'},
      {action: 'quit', keys: ['q'], help: 'quit'},
    ],
    {back: () => setEditing(false), quit: () => setQuits((n) => n + 1)},
    {readonly: false, isActive: true},
  );
  return (
    <Text>
      [<TextEntry value={value} focused={editing} width={20} onChange={setValue} />]
      {`=${value}; editing=${editing}; quits=${quits}`}
    </Text>
  );
}

describe('Escape and a key in one read', () => {
  it('"ipad<Esc>q" typed fast (one read: "\\x1bq", as alt+q) closes the field, then q is the list\'s key', async () => {
    const rendered = renderSized(routed(<FilterThenList />));
    rendered.stdin.write('ipad\u001Bq');
    await waitForText(rendered, '=ipad; editing=false; quits=1');
    rendered.unmount();
  });

  it("alt+b, alt+f and alt+backspace stay the field's word moves", async () => {
    const rendered = renderSized(app());
    rendered.stdin.write('one two\u001Bb\u001B\u007F>');
    await waitForText(rendered, '=>two; ');
    rendered.stdin.write('\u001Bf<');
    await waitForText(rendered, '=>two<; ');
    rendered.unmount();
  });
});

describe('text fields fed by the key stream', () => {
  it('"url<Tab>id" in one read fills two fields; arrows, backspace and ctrl-a edit in the middle', async () => {
    const rendered = renderSized(app());
    rendered.stdin.write('mallxory\tid');
    await waitForText(rendered, '=mallxory; ');
    await waitForText(rendered, '=id;');
    rendered.stdin.write('\t');
    rendered.stdin.write(`${LEFT}${LEFT}${LEFT}\u007F`);
    await waitForText(rendered, '=mallory; ');
    rendered.stdin.write('\u0001>\u0005<\u0010');
    await waitForText(rendered, '=>mallory<; ');
    rendered.unmount();
  });

  it('ctrl-j ("\\n") is a chord for the app, never a newline typed into the field', async () => {
    const rendered = renderSized(app());
    rendered.stdin.write('ab\ncd');
    await waitForText(rendered, '=ab; ');
    await waitForText(rendered, '=cd;');
    rendered.unmount();
  });

  it('without the stream, the same read puts the Tab and the second field into the first (what it fixes)', async () => {
    const rendered = renderSized(app(), {keyStream: false});
    rendered.stdin.write('mallxory\tid');
    await waitForText(rendered, '=mallxory\tid; ');
    rendered.unmount();
  });
});
