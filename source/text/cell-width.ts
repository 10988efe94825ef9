// Widths in terminal cells (wide characters count 2), for columns and frames that must fit.
// Kept apart from terminal-safe.ts, which has no dependencies. string-width.ts is our lazy port of the
// string-width package: importing it builds nothing, and fast-path text never needs Intl.Segmenter.
import {graphemeSegments} from './graphemes.js';
import stringWidth from './string-width.js';

export function displayWidth(text: string): number {
  return stringWidth(text);
}

/**
 * Truncates to `width` terminal cells (wide characters count 2), ending with … when cut. Steps by
 * grapheme cluster: an emoji sequence (👩‍💻) or a letter with its combining accent is kept or cut
 * whole, never split into a dangling joiner.
 */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const {segment} of graphemeSegments(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return out + '…';
}

/** Pads (or truncates) to exactly `width` cells. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  const pad = ' '.repeat(Math.max(0, width - stringWidth(cut)));
  return align === 'left' ? cut + pad : pad + cut;
}
