// The tenant at a glance (`o` in the tenant-wide token list): tokens by last-used age, the ten
// users holding the most (enter opens one), the device types — bars of block characters. Drawn
// from the list as it was when `o` was pressed; every string from the tenant is escaped.
import {Box} from 'ink';
import {useMemo, useState} from 'react';
import type {QlikUser} from '../../../qlik/types.js';
import {displayWidth, truncate} from '../../../text/cell-width.js';
import {safeText} from '../../../text/terminal-safe.js';
import type {FlashKind} from '../../components/flash-line.js';
import type {HeaderInfo} from '../../components/header.js';
import {Line, type Segment} from '../../components/line.js';
import {ScreenFrame, type ScreenCommon} from '../../components/screen-frame.js';
import {describeError} from '../../describe-error.js';
import {useKeymap} from '../../hooks/use-keymap.js';
import {useUserNames} from '../../hooks/use-user-names.js';
import type {KeyHandlers, Keymap} from '../../keymap.js';
import type {UiSession} from '../../tenant-session.js';
import {useTheme, type Theme} from '../../theme.js';
import {overviewKeymap, type OverviewAction} from './keys.js';
import {
  aggregate,
  bar,
  cursorReducer,
  foldDevices,
  percent,
  windowStart,
  type OverviewEvent,
  type OverviewSnapshot,
  type TenantOverview,
} from './state.js';

type Props = ScreenCommon & {
  session: UiSession;
  header: HeaderInfo;
  snapshot: OverviewSnapshot;
  showFlash: (text: string, kind?: FlashKind) => void;
  onOpenUser: (user: QlikUser) => void;
  onBack: () => void;
  onMessages: () => void;
  onProfiles: () => void;
  onQuit: () => void;
  onHelp: (title: string, keymap: Keymap) => void;
};

/** Two columns side by side from this body width; one below it. */
const TWO_COLUMNS_FROM = 56;
const GAP = 2;

const number = (n: number) => n.toLocaleString('en');

export function OverviewScreen({
  session,
  header,
  snapshot,
  overlay,
  active,
  flash,
  showFlash,
  onOpenUser,
  onBack,
  onMessages,
  onProfiles,
  onQuit,
  onHelp,
}: Props) {
  const theme = useTheme();
  const overview = useMemo(() => aggregate(snapshot.tokens, snapshot.listedAt), [snapshot]);
  const topIds = useMemo(() => overview.topUsers.map((u) => u.key), [overview]);
  const names = useUserNames(session.client, topIds, snapshot.names);
  const [cursor, setCursor] = useState({index: 0});
  const [opening, setOpening] = useState(false);
  const move = (event: OverviewEvent) => setCursor((c) => cursorReducer(c, event, overview.topUsers.length));

  const handlers: KeyHandlers<OverviewAction> = {
    up: () => move({type: 'move', by: -1}),
    down: () => move({type: 'move', by: 1}),
    top: () => move({type: 'top'}),
    bottom: () => move({type: 'bottom'}),
    open: () => {
      const chosen = overview.topUsers[cursor.index];
      if (!chosen || opening) return;
      setOpening(true);
      session.client.getUser(chosen.key).then(onOpenUser, (error: unknown) => {
        setOpening(false);
        showFlash(describeError(error), 'error');
      });
    },
    back: onBack,
    messages: onMessages,
    help: () => onHelp('overview', overviewKeymap),
    profiles: onProfiles,
    quit: onQuit,
  };
  useKeymap(overviewKeymap, handlers, {readonly: session.readonly, isActive: active});

  const listed = new Date(snapshot.listedAt).toTimeString().slice(0, 5);
  const title: Segment[] = [
    {text: 'Tenant overview', style: theme.title},
    {text: ` · ${number(overview.total)} tokens · ${number(overview.users)} users`},
    {text: ` · as listed at ${listed}`, style: theme.muted},
  ];
  const chosen = overview.topUsers[cursor.index];
  const detail: Segment[] = chosen
    ? [
        {text: '▸ ', style: theme.accent},
        {text: `${label(chosen.key, names)} (${safeText(chosen.key)})`, style: theme.accent},
        {
          text: ` · ${number(chosen.count)} tokens${opening ? ' · opening…' : ' · enter opens them'}`,
          style: theme.muted,
        },
      ]
    : [];

  return (
    <ScreenFrame header={header} overlay={overlay} flash={flash} keymap={overviewKeymap} readonly={session.readonly}>
      {({width, height}) => (
        <>
          <Line segments={title} width={width} />
          {overview.total === 0 ? (
            <Box height={height - 1}>
              <Line segments={[{text: 'No tokens in the tenant.', style: theme.muted}]} width={width} />
            </Box>
          ) : (
            <Sections
              overview={overview}
              names={names}
              cursor={cursor.index}
              width={width}
              height={height - 2}
              theme={theme}
            />
          )}
          {overview.total === 0 ? null : <Line segments={detail} width={width} />}
        </>
      )}
    </ScreenFrame>
  );
}

function label(userId: string, names: ReadonlyMap<string, string>): string {
  return safeText(names.get(userId) ?? userId);
}

type SectionProps = {
  overview: TenantOverview;
  names: ReadonlyMap<string, string>;
  cursor: number;
  width: number;
  height: number;
  theme: Theme;
};

/** The three sections, in two columns when there is room, else one below the other, cut to `height` lines. */
function Sections({overview, names, cursor, width, height, theme}: SectionProps) {
  if (width >= TWO_COLUMNS_FROM) {
    const left = Math.floor((width - GAP) / 2);
    const right = width - GAP - left;
    const ages = ageLines(overview, left, theme);
    // Devices under the ages: a blank line between when it leaves room for two or more types.
    const spare = height - ages.length;
    const devices =
      spare >= 4 ? ['', ...deviceLines(overview, left, spare - 1, theme)] : deviceLines(overview, left, spare, theme);
    return (
      <Box height={height}>
        <Box flexDirection="column" width={left} marginRight={GAP}>
          {[...ages, ...devices].slice(0, height).map((line, i) => (
            <Line key={i} segments={typeof line === 'string' ? [{text: line || ' '}] : line} width={left} />
          ))}
        </Box>
        <Box flexDirection="column" width={right}>
          {userLines(overview, names, cursor, right, height, theme).map((line, i) => (
            <Line key={i} segments={line} width={right} />
          ))}
        </Box>
      </Box>
    );
  }
  // One column: the users (the part that takes keys) keep at least a heading and three rows; the
  // ages give up their oldest buckets first.
  const usersWanted = Math.min(overview.topUsers.length + 1, 4);
  const ages = ageLines(overview, width, theme).slice(0, Math.max(0, height - usersWanted));
  const usersRoom = Math.min(overview.topUsers.length + 1, height - ages.length);
  const users = usersRoom >= 2 ? userLines(overview, names, cursor, width, usersRoom, theme) : [];
  const devices = deviceLines(overview, width, height - ages.length - users.length, theme);
  return (
    <Box height={height} flexDirection="column">
      {[...ages, ...users, ...devices].map((line, i) => (
        <Line key={i} segments={line} width={width} />
      ))}
    </Box>
  );
}

/** label · bar · count · share, in `width` cells; the bar takes what the others leave. */
function barLine(
  name: string,
  nameWidth: number,
  count: number,
  max: number,
  total: number,
  countWidth: number,
  width: number,
  theme: Theme,
  style?: Theme['accent'],
): Segment[] {
  const share = percent(count, total).padStart(5);
  const barWidth = Math.max(1, width - nameWidth - 1 - countWidth - share.length - 2);
  const drawn = bar(count, max, barWidth);
  return [
    {text: `${pad(truncate(name, nameWidth), nameWidth)} `, ...(style ? {style} : {})},
    {text: pad(drawn, barWidth), style: count === 0 ? theme.muted : theme.accent},
    {text: ` ${number(count).padStart(countWidth)}`, ...(count === 0 ? {style: theme.muted} : {})},
    {text: share, style: theme.muted},
  ];
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function countWidthOf(counts: readonly number[]): number {
  return Math.max(1, ...counts.map((c) => number(c).length));
}

function ageLines(overview: TenantOverview, width: number, theme: Theme): Segment[][] {
  const max = Math.max(...overview.ages.map((a) => a.count));
  const countWidth = countWidthOf(overview.ages.map((a) => a.count));
  return [
    [{text: 'Last used', style: theme.title}],
    ...overview.ages.map((age) => barLine(age.label, 5, age.count, max, overview.total, countWidth, width, theme)),
  ];
}

function deviceLines(overview: TenantOverview, width: number, room: number, theme: Theme): Segment[][] {
  if (room < 2) return [];
  const rows = foldDevices(overview.devices, room - 1);
  const max = Math.max(...overview.devices.map((d) => d.count));
  const countWidth = countWidthOf(rows.map((d) => d.count));
  const nameWidth = Math.min(12, Math.max(5, ...rows.map((d) => displayWidth(deviceName(d)))));
  return [
    [
      {text: 'Device types', style: theme.title},
      {
        text:
          rows.length < overview.devices.length && !rows.some((d) => d.other !== undefined)
            ? ` · ${rows.length} of ${overview.devices.length}`
            : ` · ${overview.devices.length}`,
        style: theme.muted,
      },
    ],
    ...rows.map((d) => barLine(deviceName(d), nameWidth, d.count, max, overview.total, countWidth, width, theme)),
  ];
}

function deviceName(device: {key: string; other?: number}): string {
  if (device.other !== undefined) return `${device.other} other`;
  return device.key === '' ? '(none)' : safeText(device.key);
}

function userLines(
  overview: TenantOverview,
  names: ReadonlyMap<string, string>,
  cursor: number,
  width: number,
  height: number,
  theme: Theme,
): Segment[][] {
  const users = overview.topUsers;
  const room = Math.max(0, height - 1);
  const first = windowStart(cursor, users.length, room);
  const shown = users.slice(first, first + room);
  const max = users[0]?.count ?? 0;
  const countWidth = countWidthOf(shown.map((u) => u.count));
  const nameWidth = Math.max(6, Math.min(22, width - countWidth - 14));
  const heading = `Top ${users.length} users by tokens`;
  return [
    [
      {text: heading, style: theme.title},
      ...(shown.length < users.length ? [{text: ` · ${first + 1}-${first + shown.length}`, style: theme.muted}] : []),
    ],
    ...shown.map((user, i) => {
      const selected = first + i === cursor;
      const line = barLine(
        `${selected ? '▸' : ' '} ${label(user.key, names)}`,
        nameWidth,
        user.count,
        max,
        overview.total,
        countWidth,
        width,
        theme,
        selected ? theme.selection : undefined,
      );
      return line;
    }),
  ];
}
