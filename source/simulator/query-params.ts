// Query-parameter checks shared by the list endpoints; Qlik rejects out-of-range values with 400
// rather than clamping them.

/** A number 1..100, the default when absent, or the 400 detail as a string. */
export function parseLimit(raw: string | null, fallback: number): number | string {
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) return `limit must be an integer from 1 to 100, not "${raw}".`;
  const limit = Number(raw);
  if (limit < 1 || limit > 100) return `limit must be an integer from 1 to 100, not ${limit}.`;
  return limit;
}
