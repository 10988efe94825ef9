// The recent revocations of this profile, read from the audit log through source/revoke's reader:
// what `qlik-tokens audit` prints, without leaving the UI.
import {Text} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {readAudit, type AuditRecord} from '../../../revoke/audit.js';
import {settleUnknowns} from '../../../revoke/settle.js';
import {fit} from '../../../text/cell-width.js';
import {relativeTime} from '../../../text/relative-time.js';
import {safeText} from '../../../text/terminal-safe.js';
import type {HeaderInfo} from '../../components/header.js';
import {Line} from '../../components/line.js';
import {ScreenFrame, useBodySize, type ScreenCommon} from '../../components/screen-frame.js';
import {describeError} from '../../describe-error.js';
import {useKeymap} from '../../hooks/use-keymap.js';
import type {KeyHandlers, Keymap} from '../../keymap.js';
import type {FlashKind} from '../../components/flash-line.js';
import type {UiSession} from '../../tenant-session.js';
import {useTheme} from '../../theme.js';
import {auditKeymap, type AuditAction} from './keys.js';

type Props = ScreenCommon & {
  session: UiSession;
  header: HeaderInfo;
  now: number;
  onBack: () => void;
  onHelp: (title: string, keymap: Keymap) => void;
  onMessages: () => void;
  onQuit: () => void;
  showFlash: (text: string, kind?: FlashKind) => void;
};

/** This profile's entries, newest first. */
export function auditRows(
  entries: readonly AuditRecord[],
  profile: string,
  now: number,
): Array<Record<string, string>> {
  return entries
    .filter((entry) => entry.profile === profile)
    .reverse()
    .map((entry) => ({
      time: `${entry.time.slice(11, 19)} ${relativeTime(entry.time, now)}`,
      token: entry.tokenId,
      user: entry.userId ?? '—',
      outcome: `${outcomeText(entry)}${entry.status !== null ? ` ${entry.status}` : ''}${entry.error ? `: ${entry.error.message}` : ''}`,
    }));
}

/**
 * Widths of the time, token and user columns at `width`; the outcome takes the rest. One line per
 * entry without borders (a bordered table showed 7 of 24 lines' worth), whole 24-character IDs at
 * 80 columns; narrower, the user and then the token column give way first.
 */
export function auditColumnWidths(width: number): [number, number, number, number] {
  const widths: [number, number, number] = [17, 24, 24];
  const minOutcome = 11;
  for (const column of [2, 1] as const) {
    const over = widths[0] + widths[1] + widths[2] + 3 + minOutcome - width;
    if (over > 0) widths[column] = Math.max(8, widths[column] - over);
  }
  return [...widths, Math.max(1, width - widths[0] - widths[1] - widths[2] - 3)];
}

/** `unknown`: the DELETE was sent and no answer recorded (a run killed, a full disk), unless a later listing settled it. */
function outcomeText(entry: AuditRecord): string {
  if (entry.outcome !== 'unknown') return entry.outcome;
  if (!entry.settled) return 'unknown (sent, no answer recorded)';
  return entry.settled.outcome === 'revoked'
    ? 'revoked (settled: gone when listed)'
    : 'not revoked (settled: still listed)';
}

export function AuditScreen({
  session,
  header,
  now,
  overlay,
  active,
  flash,
  onBack,
  onHelp,
  onMessages,
  onQuit,
  showFlash,
}: Props) {
  const theme = useTheme();
  const [loaded, setLoaded] = useState<{entries: AuditRecord[]; skipped: number; error?: string}>();
  const [version, setVersion] = useState(0);
  const [offset, setOffset] = useState(0);
  const [settling, setSettling] = useState(false);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  useEffect(() => {
    let alive = true;
    readAudit({file: session.auditFile}).then(
      (result) => alive && setLoaded(result),
      (error: unknown) => alive && setLoaded({entries: [], skipped: 0, error: describeError(error)}),
    );
    return () => {
      alive = false;
    };
  }, [session.auditFile, version]);
  const rows = loaded ? auditRows(loaded.entries, session.profile, now) : [];
  const unknown = loaded ? loaded.entries.filter((e) => e.outcome === 'unknown' && !e.settled).length : 0;
  // The title and the column heads take two lines; scrolling stops with the last entry at the
  // bottom, or ↑ after a long ↓ would seem dead.
  const room = Math.max(1, useBodySize().height - 2);
  const scroll = (by: number) => setOffset((o) => Math.max(0, Math.min(o + by, Math.max(0, rows.length - room))));
  const handlers: KeyHandlers<AuditAction> = {
    up: () => scroll(-1),
    down: () => scroll(1),
    pageUp: () => scroll(-5),
    pageDown: () => scroll(5),
    reload: () => setVersion((v) => v + 1),
    settle: () => {
      if (settling || !loaded) return;
      const open = loaded.entries.filter((e) => e.outcome === 'unknown' && !e.settled);
      if (open.length === 0) return showFlash('No unknown outcome to settle.', 'info');
      setSettling(true);
      showFlash(`Settling ${open.length} unknown outcome${open.length === 1 ? '' : 's'}: listing the tenant…`, 'info');
      settleUnknowns({
        client: session.client,
        file: session.auditFile,
        profile: session.profile,
        records: loaded.entries,
      })
        .then(
          ({settled, revoked, elsewhere}) => {
            const others = elsewhere.length
              ? ` · ${elsewhere.length} on another tenant: settle them from its profile`
              : '';
            showFlash(
              settled === 0
                ? `None of the unknown outcomes is on this tenant${others}`
                : `Settled ${settled}: ${revoked} revoked, ${settled - revoked} not revoked (still listed)${others}`,
              settled === 0 ? 'warning' : 'success',
            );
          },
          (error: unknown) => showFlash(`Could not settle: ${describeError(error)}`, 'error'),
        )
        .finally(() => {
          if (!mounted.current) return;
          setSettling(false);
          setVersion((v) => v + 1);
        });
    },
    back: onBack,
    messages: onMessages,
    help: () => onHelp('audit log', auditKeymap),
    quit: onQuit,
  };
  useKeymap(auditKeymap, handlers, {readonly: false, isActive: active});
  return (
    <ScreenFrame header={header} overlay={overlay} flash={flash} keymap={auditKeymap} readonly={session.readonly}>
      {({width}) => {
        const top = Math.min(offset, Math.max(0, rows.length - room));
        const widths = auditColumnWidths(width);
        const cells = (values: readonly string[]) =>
          values.map((value, i) => fit(safeText(value), widths[i]!)).join(' ');
        return (
          <>
            <Line
              width={width}
              segments={[
                {text: `Audit log of ${safeText(session.profile)}`, style: theme.title},
                {
                  text: loaded
                    ? ` · ${rows.length} revocation outcome${rows.length === 1 ? '' : 's'}${rows.length > room ? `, ${top + 1}-${Math.min(rows.length, top + room)} shown` : ''}${loaded.skipped ? ` · ${loaded.skipped} damaged line(s) skipped` : ''}`
                    : ' · reading…',
                  style: theme.muted,
                },
                ...(unknown > 0
                  ? [
                      {
                        text: settling ? ` · settling ${unknown} unknown…` : ` · ${unknown} unknown: s settles`,
                        style: theme.warning,
                      },
                    ]
                  : []),
                {text: `  ${safeText(session.auditFile)}`, style: theme.muted},
              ]}
            />
            {loaded?.error ? (
              <Line width={width} segments={[{text: loaded.error, style: theme.danger}]} />
            ) : loaded && rows.length === 0 ? (
              <Text {...theme.muted}>No revocations from this profile yet.</Text>
            ) : (
              <>
                <Line
                  width={width}
                  segments={[{text: cells(['TIME', 'TOKEN', 'USER', 'OUTCOME']), style: theme.title}]}
                />
                {rows.slice(top, top + room).map((row, i) => (
                  <Line
                    key={top + i}
                    width={width}
                    segments={[
                      {text: `${cells([row.time!, row.token!, row.user!])} `},
                      {
                        text: fit(safeText(row.outcome), widths[3]),
                        ...(/^(failed|unknown|not)/.test(row.outcome!) ? {style: theme.warning} : {}),
                      },
                    ]}
                  />
                ))}
              </>
            )}
          </>
        );
      }}
    </ScreenFrame>
  );
}
