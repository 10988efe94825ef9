import {Box, Text} from 'ink';
import {fit} from '../../../text/cell-width.js';
import {wrapWords} from '../../components/line.js';
import {activeBindings, keyLabel, type KeyBinding, type Keymap, type KeymapMode} from '../../keymap.js';
import {useTheme} from '../../theme.js';

/** What every text field does (ink-text-input plus the key stream's readline keys). */
export const EDITING_HELP: ReadonlyArray<[string, string]> = [
  ['← →', 'Move the cursor in a text field'],
  ['home ^a / end ^e', 'Start / end of the field'],
  ['^w  ^u  ^k', 'Erase the word before / to the start / to the end'],
];

type HelpLine = {keys: string; help: string; dangerous: boolean};

/**
 * The help's lines at `width`: one per key binding, its text wrapped under itself (never cut off:
 * the help is where an operator learns what a key does).
 */
function helpLines(keymap: Keymap, mode: KeymapMode, width: number): {keysWidth: number; lines: HelpLine[]} {
  const entries: HelpLine[] = [
    ...activeBindings(keymap, mode).map((b: KeyBinding) => ({
      keys: b.keys.map(keyLabel).join(' '),
      help: b.help,
      dangerous: b.dangerous ?? false,
    })),
    ...(keymap.some((b) => b.text) ? EDITING_HELP.map(([keys, help]) => ({keys, help, dangerous: false})) : []),
  ];
  const keysWidth = Math.min(18, Math.max(...entries.map((e) => e.keys.length)) + 2);
  const lines = entries.flatMap((entry) =>
    wrapWords(entry.help, Math.max(1, width - keysWidth), Number.MAX_SAFE_INTEGER).map((help, i) => ({
      keys: i === 0 ? entry.keys : '',
      help,
      dangerous: entry.dangerous,
    })),
  );
  return {keysWidth, lines};
}

/** The furthest the help scrolls: its last line at the bottom. */
export function helpMaxOffset(keymap: Keymap, mode: KeymapMode, width: number, height: number): number {
  return Math.max(0, helpLines(keymap, mode, width).lines.length - Math.max(1, height - 1));
}

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
  const {keysWidth, lines} = helpLines(keymap, mode, width);
  const room = Math.max(1, height - 1);
  const top = Math.max(0, Math.min(offset, lines.length - room));
  const shown = lines.slice(top, top + room);
  const below = lines.length - top - shown.length;
  const position =
    lines.length > room
      ? ` — ${top + 1}-${top + shown.length} of ${lines.length}${below > 0 ? ', ↓ for more' : ''}`
      : '';
  return (
    <Box flexDirection="column" height={height}>
      <Text {...theme.title} wrap="truncate-end">
        {fit(`Keys: ${title}${mode.readonly ? ' (read-only: revocation is off)' : ''}${position}`, width)}
      </Text>
      {shown.map((line, i) => (
        <Text key={`${top + i}`} wrap="truncate-end">
          <Text {...(line.dangerous ? theme.danger : theme.key)}>{fit(line.keys, keysWidth)}</Text>
          <Text>{fit(line.help, Math.max(1, width - keysWidth))}</Text>
        </Text>
      ))}
    </Box>
  );
}
