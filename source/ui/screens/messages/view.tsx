// The message log: every flash, error and revocation summary of the session, whole and wrapped.
// The flash line cuts a long message to one line and clears itself; nothing is lost here.
import {Text} from 'ink';
import {useState} from 'react';
import {safeText} from '../../../text/terminal-safe.js';
import type {HeaderInfo} from '../../components/header.js';
import {Line, wrapWords} from '../../components/line.js';
import {ScreenFrame, type ScreenCommon} from '../../components/screen-frame.js';
import {useKeymap} from '../../hooks/use-keymap.js';
import type {KeyHandlers, Keymap} from '../../keymap.js';
import type {LoggedMessage} from '../../message-log.js';
import {useTheme} from '../../theme.js';
import {messagesKeymap, type MessagesAction} from './keys.js';

type Props = ScreenCommon & {
  header: HeaderInfo;
  messages: readonly LoggedMessage[];
  onBack: () => void;
  onHelp: (title: string, keymap: Keymap) => void;
  onQuit: () => void;
};

/** Every message as lines of `width` cells: "12:03:05 " then the text, wrapped, never cut. */
export function messageLines(
  messages: readonly LoggedMessage[],
  width: number,
): Array<{text: string; kind: LoggedMessage['kind']}> {
  const out: Array<{text: string; kind: LoggedMessage['kind']}> = [];
  for (const message of messages) {
    const time = new Date(message.at).toTimeString().slice(0, 8);
    const wrapped = wrapWords(safeText(message.text), Math.max(10, width - 9), Number.MAX_SAFE_INTEGER);
    wrapped.forEach((line, i) => out.push({text: `${i === 0 ? time : '        '} ${line}`, kind: message.kind}));
  }
  return out;
}

export function MessagesScreen({header, messages, overlay, active, flash, onBack, onHelp, onQuit}: Props) {
  const theme = useTheme();
  // Counted from the end: the newest messages show first, and stay in view as more arrive.
  const [fromEnd, setFromEnd] = useState(0);
  const handlers: KeyHandlers<MessagesAction> = {
    up: () => setFromEnd((n) => n + 1),
    down: () => setFromEnd((n) => Math.max(0, n - 1)),
    pageUp: () => setFromEnd((n) => n + 10),
    pageDown: () => setFromEnd((n) => Math.max(0, n - 10)),
    back: onBack,
    help: () => onHelp('message log', messagesKeymap),
    quit: onQuit,
  };
  useKeymap(messagesKeymap, handlers, {readonly: false, isActive: active});
  return (
    <ScreenFrame header={header} overlay={overlay} flash={flash} keymap={messagesKeymap} readonly={false}>
      {({width, height}) => {
        const lines = messageLines(messages, width);
        const room = Math.max(1, height - 1);
        const end = Math.max(Math.min(room, lines.length), lines.length - fromEnd);
        const shown = lines.slice(Math.max(0, end - room), end);
        return (
          <>
            <Line
              width={width}
              segments={[
                {text: 'Message log', style: theme.title},
                {
                  text: ` · ${messages.length} message${messages.length === 1 ? '' : 's'} this session`,
                  style: theme.muted,
                },
              ]}
            />
            {shown.length === 0 ? <Text {...theme.muted}>Nothing yet.</Text> : null}
            {shown.map((line, i) => (
              <Text
                key={i}
                wrap="truncate-end"
                {...(line.kind === 'error' ? theme.danger : line.kind === 'warning' ? theme.warning : {})}
              >
                {line.text}
              </Text>
            ))}
          </>
        );
      }}
    </ScreenFrame>
  );
}
