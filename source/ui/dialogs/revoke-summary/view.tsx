// What a bulk revocation did, as a table that stays until read: the flash line would cut it and
// clear itself, and the counts are what the incident ticket needs.
import {Box, Text} from 'ink';
import type {Keymap} from '../../keymap.js';
import {explainSummary, summarise} from '../../hooks/use-revoke.js';
import {Line, wrapWords} from '../../components/line.js';
import {rowsThatFit, StaticTable} from '../../components/static-table.js';
import type {RevokeRequest} from '../confirm/view.js';
import type {RevokeSummary} from '../../tenant-session.js';
import {useTheme} from '../../theme.js';

export type SummaryAction = 'close' | 'watch';

export const summaryKeymap: Keymap<SummaryAction> = [
  {action: 'close', keys: ['esc', 'enter'], hint: 'close (any key)', help: 'Close the summary'},
];

/** After `R`: a live session may mint new tokens within seconds, so the summary offers a watch. */
export const summaryWatchKeymap: Keymap<SummaryAction> = [
  {
    action: 'watch',
    keys: ['w'],
    hint: 'keep watching 15 min',
    help: 'Keep watching this user for 15 minutes and revoke every new token as it appears (esc on the list stops)',
    dangerous: true,
  },
  {action: 'close', keys: ['esc', 'enter'], hint: 'close (any other key)', help: 'Close the summary'},
];

export function summaryRows(summary: RevokeSummary): Array<Record<string, string>> {
  const count = (kind: string) => summary.outcomes.filter((o) => o.outcome === kind).length;
  const firstError = summary.outcomes.find((o) => o.outcome === 'failed')?.error ?? '';
  const rows = [
    {outcome: 'revoked', tokens: String(count('revoked')), note: 'the tenant confirmed each'},
    {outcome: 'already gone', tokens: String(count('already-gone')), note: 'expired or revoked elsewhere meanwhile'},
    {outcome: 'failed', tokens: String(count('failed')), note: firstError || '—'},
    {outcome: 'not tried', tokens: String(count('not-tried')), note: summary.stopped ?? 'stopped before their turn'},
  ].filter((row) => row.outcome === 'revoked' || row.tokens !== '0');
  if (summary.foreign)
    rows.push({
      outcome: 'other users',
      tokens: String(summary.foreign),
      note: 'listed by the tenant for this user, but not theirs: not sent',
    });
  if (summary.appeared?.length)
    rows.push({
      outcome: 'new meanwhile',
      tokens: String(summary.appeared.length),
      note: 'appeared during the run: R again',
    });
  return rows;
}

export function RevokeSummaryDialog({
  request,
  summary,
  width,
  height,
  watchOffer,
}: {
  request: RevokeRequest;
  summary: RevokeSummary;
  width: number;
  height: number;
  /** Whom `w` would watch, when the summary offers it. */
  watchOffer?: string;
}) {
  const theme = useTheme();
  const {kind} = summarise(summary);
  const why = explainSummary(summary);
  const rows = summaryRows(summary);
  const whyLines = why ? wrapWords(why, width, 2) : [];
  const fit = rowsThatFit(height - 2 - whyLines.length - (watchOffer ? 1 : 0));
  return (
    <Box flexDirection="column" height={height}>
      <Line
        width={width}
        segments={[
          {
            text: `Revocation of ${request.tokens.length} token${request.tokens.length === 1 ? '' : 's'} finished`,
            style: kind === 'success' ? theme.success : theme.warning,
          },
          {text: ' · in the audit log and the message log (m)', style: theme.muted},
        ]}
      />
      {whyLines.map((line, i) => (
        <Text key={i} {...theme.warning} wrap="truncate-end">
          {line}
        </Text>
      ))}
      {watchOffer ? (
        <Line
          width={width}
          segments={[
            {text: 'w', style: theme.accent},
            {text: ` keep watching ${watchOffer} for 15 minutes: a live session can mint new tokens within seconds`},
          ]}
        />
      ) : null}
      <Text> </Text>
      <StaticTable
        columns={[
          {key: 'outcome', max: 14},
          {key: 'tokens', max: 7, align: 'right'},
          {key: 'note', max: 60},
        ]}
        rows={rows.slice(0, fit)}
        width={width}
      />
    </Box>
  );
}
