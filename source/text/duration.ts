// Durations as an operator types them on the command line: a number and one unit. `audit --since
// 24h`, `tokens list --unused-for 90d`, `tokens revoke --watch 15m` and `simulate --mint-every 2s`
// read the same words the same way (each flag says which units it takes: commands/duration.ts).

const UNIT_MS = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000} as const;

export type DurationUnit = keyof typeof UNIT_MS;

const DAY_MS = UNIT_MS.d;

/** Milliseconds, or undefined when `text` is not a number and one of `units` ("1.5h" is fine). */
export function parseDuration(text: string, units: readonly DurationUnit[]): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase() as DurationUnit;
  if (!units.includes(unit)) return undefined;
  const ms = Math.round(Number(match[1]) * UNIT_MS[unit]);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * "15m", "1h30m", "45s", "2.5s", "24h", "90d": the largest units that say it. Whole days from two
 * days on ("36h" stays hours, as people say it).
 */
export function formatDuration(ms: number): string {
  if (ms >= 2 * DAY_MS && ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}
