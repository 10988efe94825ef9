import {Box, Text} from 'ink';
import {safeText} from '../../../text/terminal-safe.js';
import {useTheme} from '../../theme.js';
import {Line} from '../../components/line.js';

/** A question whose default is No: `y` says yes, any other key says no. */
export function YesNoDialog({question, width, height}: {question: string; width: number; height: number}) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" height={height}>
      <Text> </Text>
      <Line width={width} segments={[{text: safeText(question), style: theme.warning}]} />
      <Text> </Text>
      <Line width={width} segments={[{text: 'y', style: theme.danger}, {text: ' yes, any other key no [y/N]'}]} />
    </Box>
  );
}
