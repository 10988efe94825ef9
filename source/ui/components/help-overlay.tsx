import {Box, Text} from 'ink';
import {fit} from '../../text/terminal-safe.js';
import {activeBindings, keyLabel, type Keymap, type KeymapMode} from '../keymap.js';
import {useTheme} from '../theme.js';

/** The `?` help, generated from the same keymap table as the input handling and the footer. */
export function HelpOverlay({title, keymap, mode, width, height}: {title: string; keymap: Keymap; mode: KeymapMode; width: number; height: number}) {
  const theme = useTheme();
  const bindings = activeBindings(keymap, mode);
  const keysWidth = Math.min(24, Math.max(...bindings.map((b) => b.keys.map(keyLabel).join(' ').length)) + 2);
  const room = Math.max(1, height - 1);
  const shown = bindings.length > room ? bindings.slice(0, room - 1) : bindings;
  return (
    <Box flexDirection="column" height={height}>
      <Text {...theme.title} wrap="truncate-end">{fit(`Keys: ${title}${mode.readonly ? ' (read-only: revocation keys removed)' : ''}`, width)}</Text>
      {shown.map((binding) => (
        <Text key={binding.action} wrap="truncate-end">
          <Text {...(binding.dangerous ? theme.danger : theme.key)}>{fit(binding.keys.map(keyLabel).join(' '), keysWidth)}</Text>
          <Text>{fit(binding.help, Math.max(1, width - keysWidth))}</Text>
        </Text>
      ))}
      {shown.length < bindings.length ? <Text {...theme.muted}>{fit(`… ${bindings.length - shown.length} more (a taller terminal shows them)`, width)}</Text> : null}
    </Box>
  );
}
