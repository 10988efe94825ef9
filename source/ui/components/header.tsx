import {displayWidth, truncate} from '../../text/cell-width.js';
import {safeText} from '../../text/terminal-safe.js';
import {useTheme} from '../theme.js';
import {Line, type Segment} from './line.js';

export type HeaderInfo = {
  profile: string;
  tenantUrl: string;
  /** The bot user the client acts as, once /users/me answered. */
  botName?: string;
  readonly: boolean;
  demo: boolean;
  /** A watch after `R` is running: its countdown and late revocations, on every screen (short: for 80 columns). */
  watch?: {full: string; short: string};
};

export function tenantHost(tenantUrl: string): string {
  try {
    return new URL(tenantUrl).host;
  } catch {
    return tenantUrl;
  }
}

/** profile · tenant host · bot user · RO · DEMO · what the screen adds (refresh, rate limit). */
export function Header({info, extra = [], width}: {info: HeaderInfo; extra?: readonly Segment[]; width: number}) {
  const theme = useTheme();
  const dot: Segment = {text: ' · ', style: theme.muted};
  const build = (withBot: boolean, watch = info.watch?.full): Segment[] => {
    // On 80 columns every cell counts: the product name goes first, the bot name is cut short.
    const segments: Segment[] = width >= 120 ? [{text: 'qlik-tokens', style: theme.title}, dot] : [];
    segments.push({text: safeText(info.profile), style: theme.accent}, dot, {
      text: safeText(tenantHost(info.tenantUrl)),
    });
    // Before the bot's name and the refresh state: the watch is what the operator must not miss.
    if (watch) segments.push(dot, {text: safeText(watch), style: theme.warning});
    if (info.botName && withBot)
      segments.push(dot, {text: `as ${truncate(safeText(info.botName), width >= 120 ? 40 : 18)}`, style: theme.muted});
    if (info.readonly) segments.push({text: ' '}, {text: ' RO ', style: {...theme.warning, inverse: true}});
    if (info.demo) segments.push({text: ' '}, {text: ' DEMO ', style: {...theme.accent, inverse: true}});
    for (const segment of extra) segments.push(dot, segment);
    return segments;
  };
  // When it does not fit, the bot's name goes before the refresh and rate-limit state do, then the
  // watch says less (its countdown and count stay).
  const fits = (segments: Segment[]) => segments.reduce((sum, segment) => sum + displayWidth(segment.text), 0) <= width;
  const full = build(true);
  if (fits(full)) return <Line segments={full} width={width} />;
  const noBot = build(false);
  return <Line segments={fits(noBot) || !info.watch ? noBot : build(false, info.watch.short)} width={width} />;
}

/** "rate-limited: revokes 12s" while the tenant blocks a tier: on every screen's header. */
export function throttleSegments(
  throttle: {tier1: number; tier2: number},
  now: number,
  danger: Segment['style'],
): Segment[] {
  const out: Segment[] = [];
  // Tier 2 also covers POST /oauth/token: a blocked tier 2 can hold up a first request too.
  if (throttle.tier2 > now)
    out.push({text: `rate-limited: revokes/sign-in ${Math.ceil((throttle.tier2 - now) / 1000)}s`, style: danger});
  if (throttle.tier1 > now)
    out.push({text: `rate-limited: reads ${Math.ceil((throttle.tier1 - now) / 1000)}s`, style: danger});
  return out;
}
