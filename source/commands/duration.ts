// A duration flag ("90s", "15m", "1h", "500ms"): its value, or a usage error that says what it takes.
import {formatDuration, parseDuration, type DurationUnit} from '../text/duration.js';
import {safeText} from '../text/terminal-safe.js';
import {UsageError} from './context.js';

export {formatDuration, parseDuration, type DurationUnit} from '../text/duration.js';

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
