import {Box, Text} from 'ink';
import {displayWidth} from '../../text/cell-width.js';
import {footerHints, type Keymap, type KeymapMode} from '../keymap.js';
import {useTheme} from '../theme.js';

type Hint = {keys: string; label: string; dangerous: boolean};

/** Packs hints into at most `lines` lines of `width` cells; the ones that do not fit are in `?` help. */
export function packHints(hints: readonly Hint[], width: number, lines: number): Hint[][] {
  const out: Hint[][] = [[]];
  let used = 0;
  for (const hint of hints) {
    const w = displayWidth(`${hint.keys} ${hint.label}`) + 2;
    if (used + w - 2 > width && out[out.length - 1]!.length > 0) {
      if (out.length === lines) break;
      out.push([]);
      used = 0;
    }
    out[out.length - 1]!.push(hint);
    used += w;
  }
  return out;
}

export function FooterHints({
  keymap,
  mode,
  width,
  lines,
}: {
  keymap: Keymap;
  mode: KeymapMode;
  width: number;
  lines: number;
}) {
  const theme = useTheme();
  const hints = footerHints(keymap, mode);
  // Help and quit come first: on a short, narrow terminal they are the hints that must remain.
  const pinned = (hint: Hint) => hint.label === 'help' || hint.label === 'quit';
  const packed = packHints([...hints.filter(pinned), ...hints.filter((h) => !pinned(h))], width, lines);
  while (packed.length < lines) packed.push([]);
  return (
    <Box flexDirection="column">
      {packed.map((row, index) => (
        <Text key={index} wrap="truncate-end">
          {row.length === 0
            ? ' '
            : row.map((hint, i) => (
                <Text key={hint.keys + hint.label}>
                  {i > 0 ? '  ' : ''}
                  <Text {...(hint.dangerous ? theme.danger : theme.key)}>{hint.keys}</Text>
                  <Text {...theme.muted}> {hint.label}</Text>
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  );
}
