import {Box, Text} from 'ink';
import {fit} from '../../text/cell-width.js';
import {activeBindings, keyLabel, type KeyBinding, type Keymap, type KeymapMode} from '../keymap.js';
import {useTheme} from '../theme.js';

/** The `?` help, generated from the same keymap table as the input handling and the footer. */
export function HelpOverlay({
  title,
  keymap,
  mode,
  width,
  height,
}: {
  title: string;
  keymap: Keymap;
  mode: KeymapMode;
  width: number;
  height: number;
}) {
  const theme = useTheme();
  const bindings = activeBindings(keymap, mode);
  const room = Math.max(1, height - 1);
  // Two columns when one is too short for the table and the terminal is wide enough for two.
  const columns = bindings.length > room && width >= 70 ? 2 : 1;
  const perColumn = Math.ceil(bindings.length / columns);
  const columnWidth = Math.floor(width / columns);
  const keysWidth = Math.min(12, Math.max(...bindings.map((b) => b.keys.map(keyLabel).join(' ').length)) + 2);
  const rows = Math.min(room, perColumn);
  const cell = (binding: KeyBinding | undefined, w: number) =>
    binding ? (
      <Text key={binding.action}>
        <Text {...(binding.dangerous ? theme.danger : theme.key)}>
          {fit(binding.keys.map(keyLabel).join(' '), keysWidth)}
        </Text>
        <Text>{fit(binding.help, Math.max(1, w - keysWidth - 1))} </Text>
      </Text>
    ) : null;
  const hidden = bindings.length - rows * columns;
  return (
    <Box flexDirection="column" height={height}>
      <Text {...theme.title} wrap="truncate-end">
        {fit(
          `Keys: ${title}${mode.readonly ? ' (read-only: revocation keys removed)' : ''}${hidden > 0 ? ` — ${hidden} more on a taller terminal` : ''}`,
          width,
        )}
      </Text>
      {Array.from({length: rows}, (_, row) => (
        <Text key={row} wrap="truncate-end">
          {Array.from({length: columns}, (_, column) => cell(bindings[column * perColumn + row], columnWidth))}
        </Text>
      ))}
    </Box>
  );
}
