import {Text} from 'ink';
import {displayWidth, truncate} from '../../text/cell-width.js';
import type {TextStyle} from '../theme.js';

export type Segment = {text: string; style?: TextStyle};

/** Cuts styled segments to `width` cells so that a line can never wrap into a second one. */
export function fitSegments(segments: readonly Segment[], width: number): Segment[] {
  const out: Segment[] = [];
  let used = 0;
  for (const segment of segments) {
    const w = displayWidth(segment.text);
    if (used + w <= width) {
      out.push(segment);
      used += w;
      continue;
    }
    const rest = width - used;
    if (rest > 0) out.push({...segment, text: truncate(segment.text, rest)});
    break;
  }
  return out;
}

/** One terminal line made of styled segments, never wider than `width`. */
export function Line({segments, width, style}: {segments: readonly Segment[]; width: number; style?: TextStyle}) {
  const fitted = fitSegments(segments, width);
  return (
    <Text {...style} wrap="truncate-end">
      {fitted.length === 0
        ? ' '
        : fitted.map((segment, index) => (
            <Text key={index} {...segment.style}>
              {segment.text}
            </Text>
          ))}
    </Text>
  );
}

/** Word-wraps plain text into at most `maxLines` lines of `width` cells; the last one ends in … if cut. */
export function wrapWords(text: string, width: number, maxLines: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < words.length; i++) {
    const candidate = current ? `${current} ${words[i]}` : words[i]!;
    if (current === '' || displayWidth(candidate) <= width) {
      current = candidate;
      continue;
    }
    out.push(current);
    if (out.length === maxLines - 1) {
      // The last line takes the rest, cut with … by truncate() below.
      current = words.slice(i).join(' ');
      break;
    }
    current = words[i]!;
  }
  if (current) out.push(current);
  return out.slice(0, Math.max(1, maxLines)).map((line) => truncate(line, width));
}
