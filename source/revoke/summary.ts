// What a run's counts mean, in words: the CLI and the TUI say the same thing. "Type 341" then
// "340 revoked" is alarming unless the summary says "1 was already gone".
import type {RevokeResult} from './engine.js';

export type CountsContext = {
  /** The number the operator confirmed (typed, or saw in a dialog), if the run was confirmed. */
  confirmed?: number;
  /** The user's name, for "tokens of other users than NAME". */
  userLabel?: string;
};

export type CountsExplained = {
  /** "340 revoked · 1 already gone · 0 failed" (not found and not tried only when there are any). */
  headline: string;
  /** One sentence per way the counts differ from "every token asked for was revoked". */
  reasons: string[];
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
const was = (n: number): string => (n === 1 ? 'was' : 'were');

export function explainCounts(result: RevokeResult, context: CountsContext = {}): CountsExplained {
  const {counts} = result;
  const parts = [`${counts.revoked} revoked`, `${counts['already-gone']} already gone`];
  if (counts['not-found']) parts.push(`${counts['not-found']} not found`);
  parts.push(`${counts.failed} failed`);
  if (counts['not-tried']) parts.push(`${counts['not-tried']} not tried`);

  const reasons: string[] = [];
  const bulk = result.userId !== undefined;
  if (context.confirmed !== undefined && counts.total !== context.confirmed) {
    const difference = Math.abs(counts.total - context.confirmed);
    reasons.push(
      counts.total > context.confirmed
        ? `${plural(difference, 'token', 'tokens')} more than the ${context.confirmed} confirmed: created since the list was shown, and revoked too`
        : `${plural(difference, 'token', 'tokens')} fewer than the ${context.confirmed} confirmed: gone since the list was shown`,
    );
  }
  const gone = counts['already-gone'];
  if (gone > 0)
    reasons.push(
      `${gone} ${was(gone)} already gone: revoked or expired since ${bulk ? 'the run listed them' : 'listed'}, or a retry found that our own first DELETE had landed`,
    );
  const notFound = counts['not-found'];
  if (notFound > 0)
    reasons.push(
      `${notFound} not found: the tenant does not know ${notFound === 1 ? 'that token ID' : 'those token IDs'}`,
    );
  if (counts.failed > 0) reasons.push(`${counts.failed} failed: the reason is beside each`);
  const notTried = counts['not-tried'];
  if (notTried > 0) {
    const why = result.stopped
      ? `the run stopped (${result.stopped.kind === 'audit' ? 'the audit log could not be written' : result.stopped.message})`
      : result.cancelled
        ? 'the run was cancelled'
        : 'the run ended first';
    reasons.push(`${notTried} not tried: ${why}; ${notTried === 1 ? 'it is' : 'they are'} untouched`);
  }
  if (result.dropped > 0)
    reasons.push(`${plural(result.dropped, 'token ID', 'token IDs')} given twice or blank, counted once`);
  if (result.foreign.length > 0) {
    const n = result.foreign.length;
    reasons.push(
      `the tenant returned ${plural(n, 'token', 'tokens')} of other users${context.userLabel ? ` than ${context.userLabel}` : ''}: not revoked (the tenant, or a proxy, ignored the user filter)`,
    );
  }
  if (result.settled) {
    const {revoked, notRevoked} = result.settled;
    const n = revoked.length + notRevoked.length;
    reasons.push(
      `${plural(n, 'token', 'tokens')} an earlier run sent without recording the answer: ${revoked.length} turned out revoked, ${notRevoked.length} not (${notRevoked.length === 1 ? 'it is' : 'they are'} in this run)`,
    );
  }
  return {headline: parts.join(' · '), reasons};
}
