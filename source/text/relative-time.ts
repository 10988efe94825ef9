/** "3m ago", "2h ago", "5d ago", "4mo ago", "1y ago"; "in 3m" for the future; "never" for none. */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'never';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '?';
  const delta = now - at;
  const future = delta < 0;
  const s = Math.abs(delta) / 1000;
  let text: string;
  if (s < 45) text = `${Math.max(0, Math.round(s))}s`;
  else if (s < 3600) text = `${Math.round(s / 60)}m`;
  else if (s < 86400) text = `${Math.round(s / 3600)}h`;
  else if (s < 86400 * 45) text = `${Math.round(s / 86400)}d`;
  else if (s < 86400 * 365) text = `${Math.round(s / (86400 * 30))}mo`;
  else text = `${Math.round(s / (86400 * 365))}y`;
  return future ? `in ${text}` : `${text} ago`;
}
