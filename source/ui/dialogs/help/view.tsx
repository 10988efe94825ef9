import {Box, Text} from 'ink';
import {fit} from '../../../text/cell-width.js';
import {activeBindings, keyLabel, type KeyBinding, type Keymap, type KeymapMode} from '../../keymap.js';
import {useTheme} from '../../theme.js';

/** What every text field does (ink-text-input plus the key stream's readline keys). */
export const EDITING_HELP: ReadonlyArray<[string, string]> = [
  ['← →', 'Move the cursor in a text field'],
  ['home ^a / end ^e', 'Start / end of the field'],
  ['^w  ^u  ^k', 'Erase the word before / to the start / to the end'],
];

/**
 * The `?` help, generated from the same keymap table as the input handling and the footer. It
 * scrolls (↑↓ pgup pgdn): on 60x15 a screen's keys do not fit at once.
 */
export function HelpOverlay({
  title,
  keymap,
  mode,
  width,
  height,
  offset,
}: {
  title: string;
  keymap: Keymap;
  mode: KeymapMode;
  width: number;
  height: number;
  offset: number;
}) {
  const theme = useTheme();
  const bindings = activeBindings(keymap, mode);
  const entries: Array<{keys: string; help: string; dangerous: boolean}> = [
    ...bindings.map((b: KeyBinding) => ({
      keys: b.keys.map(keyLabel).join(' '),
      help: b.help,
      dangerous: b.dangerous ?? false,
    })),
    ...(keymap.some((b) => b.text) ? EDITING_HELP.map(([keys, help]) => ({keys, help, dangerous: false})) : []),
  ];
  const room = Math.max(1, height - 1);
  const keysWidth = Math.min(18, Math.max(...entries.map((e) => e.keys.length)) + 2);
  const top = Math.max(0, Math.min(offset, entries.length - room));
  const shown = entries.slice(top, top + room);
  const below = entries.length - top - shown.length;
  const position =
    entries.length > room
      ? ` — ${top + 1}-${top + shown.length} of ${entries.length}${below > 0 ? ', ↓ for more' : ''}`
      : '';
  return (
    <Box flexDirection="column" height={height}>
      <Text {...theme.title} wrap="truncate-end">
        {fit(`Keys: ${title}${mode.readonly ? ' (read-only: revocation is off)' : ''}${position}`, width)}
      </Text>
      {shown.map((entry) => (
        <Text key={entry.keys + entry.help} wrap="truncate-end">
          <Text {...(entry.dangerous ? theme.danger : theme.key)}>{fit(entry.keys, keysWidth)}</Text>
          <Text>{fit(entry.help, Math.max(1, width - keysWidth))}</Text>
        </Text>
      ))}
    </Box>
  );
}
