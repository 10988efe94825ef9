import {Box, Text} from 'ink';
import {useState} from 'react';
import type {QlikToken} from '../../../qlik/types.js';
import type {RevokeProgressEvent} from '../../tenant-session.js';
import {fit} from '../../../text/cell-width.js';
import {safeText} from '../../../text/terminal-safe.js';
import {Line} from '../../components/line.js';
import {TextEntry} from '../../components/text-entry.js';
import {useKeymap} from '../../hooks/use-keymap.js';
import type {KeyHandlers} from '../../keymap.js';
import {tokenRowLayout, tokenRowText} from '../../screens/token-list/token-table.js';
import {useTheme} from '../../theme.js';
import {confirmKeymap, type ConfirmAction} from './keys.js';

export type RevokeRequest = {
  /** All of the user's tokens (R), or the highlighted/marked ones (d). */
  scope: 'selected' | 'all';
  tokens: readonly QlikToken[];
  /** Who the tokens belong to, for the question ("Alice <alice@example.com>" or "3 users"). */
  owner: string;
};

/** The engine's progress as the dialog draws it. */
export type RevokeProgress = RevokeProgressEvent;

/** Bulk means the count must be typed: more than one token, or "all" whatever the count. */
export function needsTypedCount(request: RevokeRequest): boolean {
  return request.scope === 'all' || request.tokens.length !== 1;
}

type Props = {
  request: RevokeRequest;
  progress?: RevokeProgress;
  /** esc was pressed while running: requests in flight are finishing. */
  stopping?: boolean;
  width: number;
  height: number;
  isActive: boolean;
  /** The app's clock: the list's relative times agree with the token list's. */
  now: number;
  view: 'user' | 'tenant';
  /** User names for the tenant-wide view. */
  names?: ReadonlyMap<string, string>;
  onConfirm: () => void;
  onCancel: () => void;
};

const isDigit = (char: string) => char >= '0' && char <= '9';

/**
 * Says exactly what will go, in the columns and the order of the token list. The answer defaults
 * to No: for one token only `y` revokes and any other key cancels; for several, the operator types
 * the count and presses enter.
 */
export function ConfirmDialog({
  request,
  progress,
  stopping = false,
  width,
  height,
  isActive,
  now,
  view,
  names,
  onConfirm,
  onCancel,
}: Props) {
  const theme = useTheme();
  // Kept in a ref as well: "362" and enter arrive as keys in a row, and enter must see the digits.
  const [typed, setTyped] = useState('');
  const typedRef = useState(() => ({current: ''}))[0];
  const [nudge, setNudge] = useState('');
  const count = request.tokens.length;
  const bulk = needsTypedCount(request);
  const running = progress !== undefined;

  const handlers: KeyHandlers<ConfirmAction> = {
    confirm: (input) => {
      if (running) return;
      if (!bulk) return onConfirm();
      if (input) setNudge(`Type the number ${count}, then enter.`);
    },
    submit: () => {
      if (running) return;
      if (!bulk) return onCancel();
      const value = typedRef.current;
      if (value === String(count)) return onConfirm();
      setNudge(
        value === ''
          ? `Type ${count} to confirm.`
          : `${value} is not ${count}: nothing revoked. Type ${count}, or esc to cancel.`,
      );
    },
    cancel: () => onCancel(),
  };
  useKeymap(confirmKeymap, handlers, {
    readonly: false,
    isActive,
    onOther: () => {
      // One token: any other key is a No. (Digits for the count go to the text field.)
      if (!running && !bulk) onCancel();
    },
  });

  const what =
    request.scope === 'all'
      ? `ALL ${count} token${count === 1 ? '' : 's'}`
      : count === 1
        ? '1 token'
        : `${count} tokens`;
  // Title, blank, list, blank, prompt, nudge: the list gets what is left.
  const listRoom = Math.max(1, height - 5);
  const shown = count > listRoom ? request.tokens.slice(0, listRoom - 1) : request.tokens;
  const more = count - shown.length;
  const layout = tokenRowLayout(width, {now, view, userName: (id) => safeText(names?.get(id) ?? id)});

  return (
    <Box flexDirection="column" height={height}>
      <Line
        width={width}
        segments={[
          {text: running ? 'Revoking ' : 'Revoke ', style: theme.danger},
          {text: what, style: theme.danger},
          {text: ' of '},
          {text: safeText(request.owner), style: theme.accent},
          {text: running ? '' : '?'},
        ]}
      />
      <Text> </Text>
      {shown.map((token: QlikToken) => (
        <Text key={token.id} wrap="truncate-end">
          {fit(`   ${tokenRowText(token, layout)}`, width)}
        </Text>
      ))}
      {more > 0 ? <Text {...theme.muted}>{fit(`  … and ${more} more`, width)}</Text> : null}
      <Text> </Text>
      {running ? (
        <ProgressLine progress={progress} width={width} now={now} />
      ) : bulk ? (
        <Text wrap="truncate-end">
          <Text>{`Type ${count} and press enter to revoke, esc cancels: `}</Text>
          <TextEntry
            value={typed}
            onChange={(value) => {
              typedRef.current = value;
              setTyped(value);
              setNudge('');
            }}
            focused={isActive}
            accept={isDigit}
            width={12}
          />
        </Text>
      ) : (
        <Line
          width={width}
          segments={[
            {text: 'Revoke? '},
            {text: 'y', style: theme.danger},
            {text: ' revokes, any other key cancels [y/N]'},
          ]}
        />
      )}
      <Line
        width={width}
        segments={
          stopping
            ? [{text: 'Stopping: no new requests; the ones in flight finish and are logged…', style: theme.warning}]
            : nudge && !running
              ? [{text: nudge, style: theme.warning}]
              : []
        }
      />
    </Box>
  );
}

export function ProgressLine({progress, width, now}: {progress: RevokeProgress; width: number; now: number}) {
  const theme = useTheme();
  const paused =
    progress.pausedUntil !== undefined && progress.pausedUntil > now
      ? ` · paused ${Math.ceil((progress.pausedUntil - now) / 1000)}s (rate limit)`
      : '';
  const label = ` ${progress.done}/${progress.total}  revoked ${progress.revoked} · gone ${progress.alreadyGone} · failed ${progress.failed}${paused}`;
  const barWidth = Math.max(5, Math.min(30, width - label.length - 2));
  const filled = progress.total === 0 ? barWidth : Math.round((progress.done / progress.total) * barWidth);
  return (
    <Line
      width={width}
      segments={[
        {text: '█'.repeat(filled), style: theme.accent},
        {text: '░'.repeat(barWidth - filled), style: theme.muted},
        {text: label, style: progress.failed > 0 ? theme.warning : {}},
      ]}
    />
  );
}
