// The tenant at a glance, as pure functions: tokens by last-used age, the users holding the most
// tokens, the device types, and the bars they are drawn with. Tested without a terminal; the view
// only lays these out (and escapes the tenant's strings).
import type {QlikToken} from '../../../qlik/types.js';

const DAY_MS = 86_400_000;

/** What the token list hands over: its tokens, the names it knows, and when it listed them. */
export type OverviewSnapshot = {
  tokens: readonly QlikToken[];
  names: ReadonlyMap<string, string>;
  listedAt: number;
};

export type AgeBucket = 'today' | 'week' | 'month' | 'quarter' | 'older' | 'never';

/** Bucket, its label, and the age it goes up to (a token last used exactly 7 days ago is in "7 d"). */
export const AGE_BUCKETS: ReadonlyArray<{bucket: AgeBucket; label: string; upToMs: number}> = [
  {bucket: 'today', label: 'today', upToMs: DAY_MS},
  {bucket: 'week', label: '7 d', upToMs: 7 * DAY_MS},
  {bucket: 'month', label: '30 d', upToMs: 30 * DAY_MS},
  {bucket: 'quarter', label: '90 d', upToMs: 90 * DAY_MS},
  {bucket: 'older', label: 'older', upToMs: Number.POSITIVE_INFINITY},
  {bucket: 'never', label: 'never', upToMs: Number.NaN},
];

/**
 * today: used in the last 24 h (or "in the future": the tenant's clock is ahead of ours); 7 d: 1 to
 * 7 days ago; 30 d, 90 d likewise; older; never: no lastUsed, or one that is no date.
 */
export function ageBucket(lastUsed: string | null | undefined, now: number): AgeBucket {
  if (!lastUsed) return 'never';
  const at = Date.parse(lastUsed);
  if (Number.isNaN(at)) return 'never';
  const age = now - at;
  for (const {bucket, upToMs} of AGE_BUCKETS) if (age <= upToMs) return bucket;
  return 'older';
}

export type Count<K> = {key: K; count: number};

export type TenantOverview = {
  total: number;
  /** Distinct users holding at least one token. */
  users: number;
  /** Every bucket, in AGE_BUCKETS order, zeros included. */
  ages: Array<Count<AgeBucket> & {label: string}>;
  /** The users with most tokens, most first (ties by user ID): at most `top`. */
  topUsers: Array<Count<string>>;
  /** Device types, most first (ties by name); '' for tokens without one. */
  devices: Array<Count<string>>;
};

export const TOP_USERS = 10;

export function aggregate(tokens: readonly QlikToken[], now: number, top = TOP_USERS): TenantOverview {
  const ages = new Map<AgeBucket, number>(AGE_BUCKETS.map(({bucket}) => [bucket, 0]));
  const byUser = new Map<string, number>();
  const byDevice = new Map<string, number>();
  for (const token of tokens) {
    const bucket = ageBucket(token.lastUsed, now);
    ages.set(bucket, ages.get(bucket)! + 1);
    byUser.set(token.userId, (byUser.get(token.userId) ?? 0) + 1);
    const device = typeof token.deviceType === 'string' ? token.deviceType.trim() : '';
    byDevice.set(device, (byDevice.get(device) ?? 0) + 1);
  }
  return {
    total: tokens.length,
    users: byUser.size,
    ages: AGE_BUCKETS.map(({bucket, label}) => ({key: bucket, label, count: ages.get(bucket)!})),
    topUsers: ranked(byUser).slice(0, top),
    devices: ranked(byDevice),
  };
}

function ranked<K extends string>(counts: ReadonlyMap<K, number>): Array<Count<K>> {
  return [...counts]
    .map(([key, count]) => ({key, count}))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * The first `room` device types; when there are more, the rest summed into one last "other" row
 * (with room for one row only, the commonest type: an "N other" row alone would say nothing).
 */
export function foldDevices(
  devices: ReadonlyArray<Count<string>>,
  room: number,
): Array<Count<string> & {other?: number}> {
  if (room <= 0) return [];
  if (devices.length <= room) return [...devices];
  if (room === 1) return devices.slice(0, 1);
  const shown = devices.slice(0, room - 1);
  const rest = devices.slice(room - 1);
  return [...shown, {key: '', count: rest.reduce((sum, d) => sum + d.count, 0), other: rest.length}];
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * A bar of `value` against `max` in `width` cells, in eighths of a cell (█ and ▏..▉). Any value
 * above zero shows at least an eighth, so "a few" never looks like "none".
 */
export function bar(value: number, max: number, width: number): string {
  if (!(value > 0) || !(max > 0) || width <= 0) return '';
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
}

/** Share of the total, as a person reads it: "<1%" rather than a misleading 0%. */
export function percent(value: number, total: number): string {
  if (total <= 0 || value <= 0) return '0%';
  const p = (value / total) * 100;
  return p < 1 ? '<1%' : `${Math.round(p)}%`;
}

/** The cursor over the top users. */
export type OverviewCursor = {index: number};

export type OverviewEvent = {type: 'move'; by: number} | {type: 'top'} | {type: 'bottom'};

export function cursorReducer(state: OverviewCursor, event: OverviewEvent, count: number): OverviewCursor {
  if (count <= 0) return {index: 0};
  switch (event.type) {
    case 'move':
      return {index: Math.max(0, Math.min(count - 1, state.index + event.by))};
    case 'top':
      return {index: 0};
    case 'bottom':
      return {index: count - 1};
  }
}

/** The first of `room` rows to show so that row `index` of `count` is among them. */
export function windowStart(index: number, count: number, room: number): number {
  if (room <= 0 || count <= room) return 0;
  return Math.max(0, Math.min(index - Math.floor(room / 2), count - room));
}
