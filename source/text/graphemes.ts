// Grapheme clusters, with Intl.Segmenter only for text that needs it. The first Intl.Segmenter of a
// process loads ICU's break-iterator data (15–25 ms here), and Ink cuts every line it draws into
// graphemes (through @alcalzone/ansi-tokenize and slice-ansi, whose Intl.Segmenter the build makes
// LazySegmenter below): for the
// plain text of our screens each UTF-16 unit is a cluster of its own, so no segmenter is needed.
import {isFastPathCode} from './string-width.js';

/** What Intl.Segmenter's segments give: the cluster, where it starts, and the whole text. */
export type GraphemeSegment = {segment: string; index: number; input: string};

/** The part of Intl.Segments that the callers use: iteration and containing(). */
export type GraphemeSegments = Iterable<GraphemeSegment> & {containing(index?: number): GraphemeSegment | undefined};

let segmenter: Intl.Segmenter | undefined;

/**
 * Whether a UTF-16 unit is a grapheme cluster of its own beside any other such unit: string-width's
 * fast-path set (Grapheme_Cluster_Break Other, BMP, no Hangul jamo), plus ESC and BEL, controls that
 * ANSI sequences bring (a cluster break on both sides of a control; CR is left out: CR LF is one).
 */
export function isOwnCluster(code: number): boolean {
  if (code >= 0x20 && code <= 0x7e) return true;
  return code === 0x1b || code === 0x07 || isFastPathCode(code);
}

class UnitSegments implements GraphemeSegments {
  constructor(readonly input: string) {}

  containing(index = 0): GraphemeSegment | undefined {
    // As Intl.Segments.containing does: ToIntegerOrInfinity (NaN is 0), then the range check.
    const at = Math.trunc(Number(index)) || 0;
    if (at < 0 || at >= this.input.length) return undefined;
    return {segment: this.input[at]!, index: at, input: this.input};
  }

  [Symbol.iterator](): Iterator<GraphemeSegment> {
    const input = this.input;
    let index = 0;
    return {
      next: () =>
        index < input.length
          ? {done: false, value: {segment: input[index]!, index: index++, input}}
          : {done: true, value: undefined},
    };
  }
}

/** `new Intl.Segmenter(undefined, {granularity: 'grapheme'}).segment(text)`, the same segments. */
export function graphemeSegments(text: string): GraphemeSegments {
  for (let i = 0; i < text.length; i++) {
    if (!isOwnCluster(text.charCodeAt(i))) {
      // globalThis: in the UI bundle a bare `Intl.Segmenter` is LazySegmenter (scripts/build.mjs).
      segmenter ??= new globalThis.Intl.Segmenter(undefined, {granularity: 'grapheme'});
      return segmenter.segment(text);
    }
  }
  return new UnitSegments(text);
}

/**
 * Intl.Segmenter as the bundled dependencies see it: scripts/build.mjs substitutes it for every
 * `Intl.Segmenter` in the UI bundle (esbuild `inject`), so that Ink's tokenizer and slice-ansi, which
 * each make a grapheme segmenter when their module is evaluated, load no ICU data for plain text. A
 * grapheme segmenter of the default locale answers from graphemeSegments; any other is the real
 * Intl.Segmenter, made on first use.
 */
export class LazySegmenter {
  static supportedLocalesOf(locales?: string | string[], options?: {localeMatcher?: string}): string[] {
    return globalThis.Intl.Segmenter.supportedLocalesOf(locales, options as Intl.SegmenterOptions);
  }

  readonly #locales: string | string[] | undefined;
  readonly #options: Intl.SegmenterOptions | undefined;
  #real: Intl.Segmenter | undefined;

  constructor(locales?: string | string[], options?: Intl.SegmenterOptions) {
    this.#locales = locales;
    this.#options = options;
  }

  segment(input: string): GraphemeSegments | Intl.Segments {
    if (this.#locales === undefined && (this.#options?.granularity ?? 'grapheme') === 'grapheme') {
      return graphemeSegments(String(input));
    }
    return this.#segmenter().segment(input);
  }

  resolvedOptions(): Intl.ResolvedSegmenterOptions {
    return this.#segmenter().resolvedOptions();
  }

  #segmenter(): Intl.Segmenter {
    this.#real ??= new globalThis.Intl.Segmenter(this.#locales, this.#options);
    return this.#real;
  }
}
