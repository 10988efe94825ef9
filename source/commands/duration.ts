// Durations typed on the command line: a number and a unit ("90s", "15m", "1h", "500ms").
import {safeText} from '../text/terminal-safe.js';
import {UsageError} from './context.js';

const UNIT_MS = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000} as const;

export type DurationUnit = keyof typeof UNIT_MS;

/** Milliseconds, or undefined when `text` is not a number and one of `units`. */
export function parseDuration(text: string, units: readonly DurationUnit[]): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase() as DurationUnit;
  if (!units.includes(unit)) return undefined;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}

/** A duration flag's value in ms, or a UsageError that says what is accepted. */
export function durationFlag(
  flag: string,
  raw: string,
  {units, minMs, maxMs, examples}: {units: readonly DurationUnit[]; minMs: number; maxMs: number; examples: string},
): number {
  const ms = parseDuration(raw, units);
  const shown = safeText(raw.length > 30 ? `${raw.slice(0, 29)}…` : raw);
  if (ms === undefined)
    throw new UsageError(`--${flag} takes a duration such as ${examples} (units: ${units.join(', ')}); not "${shown}"`);
  if (ms < minMs || ms > maxMs)
    throw new UsageError(`--${flag} takes from ${formatDuration(minMs)} to ${formatDuration(maxMs)}; not "${shown}"`);
  return ms;
}

/** "15m", "1h30m", "45s", "2.5s": the largest units that say it. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}
