// Exact-text patches applied to dependencies while bundling, each for a measured start-up cost.
// A patch whose text is no longer found fails the build: an upgrade cannot drop one silently.
import {readFile} from 'node:fs/promises';

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
];

export const dependencyPatches = {
  name: 'dependency-patches',
  setup(build) {
    for (const patch of PATCHES) {
      build.onLoad({filter: patch.file}, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const at = source.indexOf(patch.find);
        if (at === -1 || source.indexOf(patch.find, at + 1) !== -1) {
          return {errors: [{text: `dependency patch: expected exactly one "${patch.find}" in ${args.path}`}]};
        }
        return {contents: source.replace(patch.find, patch.replace), loader: 'js'};
      });
    }
  },
};
