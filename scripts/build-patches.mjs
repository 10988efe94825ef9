// Exact-text patches applied to dependencies while bundling, each for a measured start-up cost.
// A patch whose text is no longer found fails the build: an upgrade cannot drop one silently.
import {readFile} from 'node:fs/promises';
import {dirname} from 'node:path';
import {fileURLToPath} from 'node:url';

const graphemes = JSON.stringify(fileURLToPath(new URL('../source/text/graphemes.ts', import.meta.url)));

const PATCHES = [
  {
    // yoga-layout 3.2 (Ink's layout engine) embeds its WebAssembly as a data: URL and, when a global
    // fetch exists, reads it through fetch(). On Node that first touch of fetch loads Node's own
    // bundled undici and web streams: ~20 ms of every TUI start, to decode 90 kB of base64 that the
    // same loader decodes synchronously (its atob path) when fetch is absent.
    file: /node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    find: 'function ya(){return w||"function"!=typeof fetch?Promise.resolve()',
    replace: 'function ya(){return true?Promise.resolve()',
  },
  {
    // undici's Client loads its HTTP/2 half (and with it node:http2, ~5 ms) at import, though it is
    // only called when a server's TLS handshake picks h2 — never here: the Agent does not offer it.
    file: /node_modules[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/,
    find: "const connectH2 = require('./client-h2.js')",
    replace: "const connectH2 = (client, socket) => require('./client-h2.js')(client, socket)",
  },
  {
    // Ink tokenizes every line it draws with a grapheme Intl.Segmenter made at import: the first
    // one of a process loads ICU data (15–25 ms before the first frame). source/text/graphemes.ts
    // gives the same segments, without a segmenter for text whose every unit is its own cluster.
    file: /node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
    find: 'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });',
    replace: `import { graphemeSegmenter as segmenter } from ${graphemes};`,
  },
  {
    // The same for slice-ansi (Ink cuts text that overflows its box with it); it also uses containing().
    file: /node_modules[\\/]slice-ansi[\\/]tokenize-ansi\.js$/,
    find: "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});",
    replace: `import {graphemeSegmenter as GRAPHEME_SEGMENTER} from ${graphemes};`,
  },
];

// Only for dist/tui.cjs, the UI as one CommonJS script (see build.mjs): CommonJS has no top-level
// await, and two modules on the UI's path use one.
const SCRIPT_PATCHES = [
  {
    // yoga-layout's entry awaits its WebAssembly. Its loader takes an instantiateWasm hook: handed
    // the loader's own base64 decoder (the patch below), the hook compiles and instantiates
    // synchronously, the loader finishes within the call, and the Module object is ready at once.
    file: /node_modules[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/,
    find: 'const Yoga = wrapAssembly(await loadYoga());',
    replace: [
      'const Module = {instantiateWasm(imports, receiveInstance, wasmBytes) {',
      '  receiveInstance(new WebAssembly.Instance(new WebAssembly.Module(wasmBytes()), imports));',
      '  return {};',
      '}};',
      'loadYoga(Module);',
      'const Yoga = wrapAssembly(Module);',
    ].join('\n'),
  },
  {
    file: /node_modules[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    find: 'return h.instantiateWasm(d,\na)',
    replace: 'return h.instantiateWasm(d,\na,wa)',
  },
  {
    // Ink awaits react-devtools-core, and its package.json, only when DEV=true; neither exists here.
    file: /node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/,
    find: "if (isDev()) {\n    try {\n        await import('./devtools.js');",
    replace: 'if (false) {\n    try {\n        ',
  },
  {
    file: /node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/,
    find: '? await loadPackageJson()',
    replace: '? undefined',
  },
];

/** An esbuild plugin applying `patches`; several patches of one file apply together. */
function patchPlugin(name, patches) {
  return {
    name,
    setup(build) {
      const byFile = new Map();
      for (const patch of patches) byFile.set(patch.file.source, [...(byFile.get(patch.file.source) ?? []), patch]);
      for (const group of byFile.values()) {
        build.onLoad({filter: group[0].file}, async (args) => {
          let source = await readFile(args.path, 'utf8');
          for (const patch of group) {
            const at = source.indexOf(patch.find);
            if (at === -1 || source.indexOf(patch.find, at + 1) !== -1) {
              return {errors: [{text: `dependency patch: expected exactly one "${patch.find}" in ${args.path}`}]};
            }
            source = source.replace(patch.find, () => patch.replace);
          }
          return {contents: source, loader: 'js', resolveDir: dirname(args.path)};
        });
      }
    },
  };
}

/** The patches for every bundle. */
export const dependencyPatches = patchPlugin('dependency-patches', PATCHES);

/** The same, plus what the CommonJS UI script needs. */
export const scriptPatches = patchPlugin('script-patches', [...PATCHES, ...SCRIPT_PATCHES]);
