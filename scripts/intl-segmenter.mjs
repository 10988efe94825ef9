// Injected into dist/tui.cjs (scripts/build.mjs): every `Intl.Segmenter` of the bundle is this one.
export {LazySegmenter as 'Intl.Segmenter'} from '../source/text/graphemes.ts';
