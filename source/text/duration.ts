// Durations as an operator types them on the command line: a number and one unit.
// `audit --since 24h`, `tokens list --unused-for 90d` read the same words the same way.

const UNIT_MS: Record<string, number> = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};

export const DURATION_EXAMPLES = '90s, 45m, 24h, 7d or 2w';

/** "90s", "45m", "24h", "7d", "2w" (a decimal number is fine: "1.5h") → milliseconds; anything else → undefined. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2]!.toLowerCase()]!;
  return Number.isFinite(ms) ? ms : undefined;
}

/** 7_776_000_000 → "90d"; the largest whole unit, for messages that quote a duration back. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const size = UNIT_MS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
