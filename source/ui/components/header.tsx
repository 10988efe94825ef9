import {safeText, truncate} from '../../text/terminal-safe.js';
import {useTheme} from '../theme.js';
import {Line, type Segment} from './line.js';

export type HeaderInfo = {
  profile: string;
  tenantUrl: string;
  /** The bot user the client acts as, once /users/me answered. */
  botName?: string;
  readonly: boolean;
  demo: boolean;
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
  // On 80 columns every cell counts: the product name goes first, the bot name is cut short.
  const segments: Segment[] = width >= 120 ? [{text: 'qlik-tokens', style: theme.title}, dot] : [];
  segments.push({text: safeText(info.profile), style: theme.accent}, dot, {text: safeText(tenantHost(info.tenantUrl))});
  if (info.botName) segments.push(dot, {text: `as ${truncate(safeText(info.botName), width >= 120 ? 40 : 18)}`, style: theme.muted});
  if (info.readonly) segments.push({text: ' '}, {text: ' RO ', style: {...theme.warning, inverse: true}});
  if (info.demo) segments.push({text: ' '}, {text: ' DEMO ', style: {...theme.accent, inverse: true}});
  for (const segment of extra) segments.push(dot, segment);
  return <Line segments={segments} width={width} />;
}
