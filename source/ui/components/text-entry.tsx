// Every text field of the UI: ink-text-input (its cursor, ←/→, insertion, masking), with the
// readline keys added by the key stream (input/key-stream.ts) while this field has the focus.
import {Text} from 'ink';
import TextInput from 'ink-text-input';
import {useLayoutEffect, useRef} from 'react';
import {truncate} from '../../text/cell-width.js';
import {clampEditor, type LineEditor} from '../input/key-stream.js';
import {useKeyStream} from '../input/key-stream-context.js';
import {useTheme} from '../theme.js';

export type TextEntryProps = {
  value: string;
  onChange: (value: string) => void;
  focused: boolean;
  /** One • per character, never the characters. */
  masked?: boolean;
  /** Shown (muted) while the field is empty. */
  placeholder?: string;
  /** Characters the field takes (the bulk count: digits); others are not typed. */
  accept?: (char: string) => boolean;
  /** Cells the placeholder may take. */
  width: number;
};

export function TextEntry({value, onChange, focused, masked = false, placeholder = '', accept, width}: TextEntryProps) {
  const theme = useTheme();
  const stream = useKeyStream();
  const latest = useRef(value);
  latest.current = value;
  const editor = useRef<LineEditor | undefined>(undefined);
  editor.current ??= {value: () => latest.current, cursor: value.length, accept};
  editor.current.accept = accept;

  // Commit-time, not a passive effect: the next key of the same read must already find this field.
  useLayoutEffect(() => {
    const own = editor.current!;
    if (!focused || !stream) return;
    clampEditor(own);
    stream.focus(own);
    return () => {
      if (stream.focused() === own) stream.focus(undefined);
    };
  }, [focused, stream]);
  useLayoutEffect(() => {
    clampEditor(editor.current!);
  }, [value]);

  if (value === '' && !focused) return <Text {...theme.muted}>{truncate(placeholder, Math.max(1, width))}</Text>;
  return (
    <Text>
      {/* The placeholder goes through our theme: ink-text-input colours it with chalk, which ignores NO_COLOR. */}
      <TextInput value={value} onChange={onChange} focus={focused} mask={masked ? '•' : undefined} placeholder="" />
      {value === '' && placeholder ? (
        <Text {...theme.muted}> {truncate(placeholder, Math.max(1, width - 2))}</Text>
      ) : null}
    </Text>
  );
}
