import {Box, Text} from 'ink';
import {useState} from 'react';
import type {QlikToken} from '../../qlik/types.js';
import {relativeTime} from '../../text/relative-time.js';
import {fit} from '../../text/cell-width.js';
import {safeText} from '../../text/terminal-safe.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useSyncReducer} from '../hooks/use-sync-reducer.js';
import {confirmKeymap} from '../keymap.js';
import {useTheme} from '../theme.js';
import {Line} from './line.js';

export type RevokeRequest = {
  /** All of the user's tokens (R), or the highlighted/marked ones (d). */
  scope: 'selected' | 'all';
  tokens: readonly QlikToken[];
  /** Who the tokens belong to, for the question ("Alice <alice@example.com>" or "3 users"). */
  owner: string;
};

export type RevokeProgress = {
  done: number;
  total: number;
  revoked: number;
  alreadyGone: number;
  failed: number;
  pausedUntil?: number;
};

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
  now: number;
  onConfirm: () => void;
  onCancel: () => void;
};

/**
 * Says exactly what will go. The answer defaults to No: for one token only `y` revokes and any
 * other key cancels; for several, the operator types the count and presses enter.
 */
function typedReducer(value: string, event: {type: 'erase'} | {type: 'digits'; input: string}): string {
  return event.type === 'erase' ? value.slice(0, -1) : (value + event.input).slice(0, 9);
}

export function ConfirmDialog({
  request,
  progress,
  stopping = false,
  width,
  height,
  isActive,
  now,
  onConfirm,
  onCancel,
}: Props) {
  const theme = useTheme();
  // Synchronous: "362" and enter often arrive in one read (a paste, tmux, a fast typist over SSH),
  // and enter must see the digits typed just before it, not the value of the last render.
  const [typed, setTyped, typedRef] = useSyncReducer(typedReducer, () => '');
  const [nudge, setNudge] = useState('');
  const count = request.tokens.length;
  const bulk = needsTypedCount(request);
  const running = progress !== undefined;

  useKeymap(
    confirmKeymap,
    (action, input) => {
      if (running) {
        if (action === 'cancel') onCancel();
        return;
      }
      if (action === 'cancel') return onCancel();
      if (!bulk) return action === 'confirm' ? onConfirm() : onCancel();
      if (action === 'erase') return setTyped({type: 'erase'});
      if (action === 'submit') {
        const typed = typedRef.current;
        if (typed === String(count)) return onConfirm();
        setNudge(
          typed === ''
            ? `Type ${count} to confirm.`
            : `${typed} is not ${count}: nothing revoked. Type ${count}, or esc to cancel.`,
        );
        return;
      }
      if (action === 'confirm' && input) setNudge(`Type the number ${count}, then enter.`);
    },
    {
      readonly: false,
      isActive,
      onOther: (input) => {
        if (running) return;
        if (!bulk) return onCancel();
        if (/^[0-9]+$/.test(input)) setTyped({type: 'digits', input});
      },
    },
  );

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
      {shown.map((token) => (
        <Text key={token.id} wrap="truncate-end">
          {fit(
            `  ${fit(safeText(token.id), 24)}  ${fit(safeText(token.description) || '—', Math.max(8, width - 50))}  ${fit(safeText(token.deviceType) || '—', 8)}  ${fit(relativeTime(token.lastUsed, now), 9, 'right')}`,
            width,
          )}
        </Text>
      ))}
      {more > 0 ? <Text {...theme.muted}>{fit(`  … and ${more} more`, width)}</Text> : null}
      <Text> </Text>
      {running ? (
        <ProgressLine progress={progress} width={width} now={now} />
      ) : bulk ? (
        <Line
          width={width}
          segments={[
            {text: `Type ${count} and press enter to revoke, esc cancels: `},
            {text: typed === '' ? ' ' : typed, style: {...theme.accent, underline: true}},
            {text: '▏', style: theme.muted},
          ]}
        />
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
