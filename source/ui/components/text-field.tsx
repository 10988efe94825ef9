import {Text} from 'ink';
import {fit, truncate} from '../../text/cell-width.js';
import {safeText} from '../../text/terminal-safe.js';
import {useTheme} from '../theme.js';

/** A labelled one-line field. A masked value shows one • per character, never the characters. */
export function TextField({
  label,
  value,
  focused,
  masked = false,
  placeholder = '',
  labelWidth,
  width,
  disabled = false,
}: {
  label: string;
  value: string;
  focused: boolean;
  masked?: boolean;
  placeholder?: string;
  labelWidth: number;
  width: number;
  disabled?: boolean;
}) {
  const theme = useTheme();
  const shown = masked ? '•'.repeat(Math.min(value.length, 64)) : safeText(value);
  const room = Math.max(1, width - labelWidth - 3);
  // Long values keep their end in view while typing.
  const visible = shown.length > room - 1 ? `…${shown.slice(shown.length - room + 2)}` : shown;
  return (
    <Text wrap="truncate-end">
      <Text {...(focused ? theme.accent : theme.muted)}>
        {focused ? '› ' : '  '}
        {fit(label, labelWidth)}{' '}
      </Text>
      {value === '' && !focused ? (
        <Text {...theme.muted}>{truncate(placeholder, room)}</Text>
      ) : (
        <Text {...(disabled ? theme.muted : focused ? {underline: true} : {})}>{visible}</Text>
      )}
      {focused && !disabled ? <Text {...theme.accent}>▏</Text> : null}
    </Text>
  );
}
