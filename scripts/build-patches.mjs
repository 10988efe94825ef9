// Exact-text patches applied to dependencies while bundling, each for a measured start-up cost.
// A patch can never stop applying silently: the build fails, naming the patch, when its target file
// is missing (renamed or moved by an upgrade), when the text is found more or fewer times than
// expected, or when the file is no longer part of the bundle the patch is for
// (test/build/patches.test.ts breaks each on purpose).
import {existsSync, readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const NODE_MODULES = fileURLToPath(new URL('../node_modules/', import.meta.url));

/**
 * name: how the build names it when it fails; pkg/file: the target inside the package; bundles: which
 * bundles must contain it ('cli' is dist/commands.js and its chunks, 'tui' is dist/tui.cjs); count: how many
 * times `find` occurs (every one is replaced).
 */
export const PATCHES = [
  {
    // undici's Client loads its HTTP/2 half (and with it node:http2, ~5 ms) at import, though it is
    // only called when a server's TLS handshake picks h2 — never here: the Agent does not offer it.
    name: 'undici: HTTP/2 client loaded on first use',
    pkg: 'undici',
    file: 'lib/dispatcher/client.js',
    bundles: ['cli', 'tui', 'lib'],
    find: "const connectH2 = require('./client-h2.js')",
    replace: "const connectH2 = (client, socket) => require('./client-h2.js')(client, socket)",
    count: 1,
  },
  // The rest serve dist/tui.cjs, the UI as one CommonJS script (see build.mjs): CommonJS has no
  // top-level await, and two modules on the UI's path use one.
  {
    // yoga-layout's entry awaits its WebAssembly. Its loader takes an instantiateWasm hook: handed
    // the wasm as the loader's data URL (the next patch), the hook decodes, compiles and
    // instantiates synchronously, the loader finishes within the call, and the Module object is
    // ready at once. The hook also keeps the loader off its fetch() path, whose first touch of the
    // global fetch loads Node's bundled undici and web streams (~20 ms of every start). It decodes
    // with Buffer: the loader's own decoder (atob, then a loop over 71,736 characters) took ~3 ms of
    // every start, Buffer.from 0.2 ms (profiled in the UI script here, Node 20).
    name: 'yoga-layout: synchronous WebAssembly instantiation',
    pkg: 'yoga-layout',
    file: 'dist/src/index.js',
    bundles: ['tui'],
    find: 'const Yoga = wrapAssembly(await loadYoga());',
    replace: [
      'const Module = {instantiateWasm(imports, receiveInstance, dataUrl) {',
      "  const base64 = 'data:application/octet-stream;base64,';",
      "  if (typeof dataUrl !== 'string' || !dataUrl.startsWith(base64))",
      "    throw new Error('qlik-tokens build patch of yoga-layout: its loader handed over no base64 data URL');",
      "  const wasm = Buffer.from(dataUrl.slice(base64.length), 'base64');",
      '  receiveInstance(new WebAssembly.Instance(new WebAssembly.Module(wasm), imports));',
      '  return {};',
      '}};',
      'loadYoga(Module);',
      'const Yoga = wrapAssembly(Module);',
    ].join('\n'),
    count: 1,
  },
  {
    // The emscripten loader's call of the hook; `H` holds the wasm's data URL. Minified names: any
    // yoga-layout release may change them, and then this fails the build (or, should `H` come to
    // mean something else, the hook above refuses it and every UI test fails).
    name: 'yoga-layout: the instantiateWasm hook gets the wasm data URL',
    pkg: 'yoga-layout',
    file: 'dist/binaries/yoga-wasm-base64-esm.js',
    bundles: ['tui'],
    find: 'return h.instantiateWasm(d,\na)',
    replace: 'return h.instantiateWasm(d,\na,H)',
    count: 1,
  },
  {
    // Ink awaits react-devtools-core, and its package.json, only when DEV=true; neither exists here.
    name: 'ink: no devtools import',
    pkg: 'ink',
    file: 'build/reconciler.js',
    bundles: ['tui'],
    find: "if (isDev()) {\n    try {\n        await import('./devtools.js');",
    replace: 'if (false) {\n    try {\n        ',
    count: 1,
  },
  {
    name: 'ink: no package.json read for devtools',
    pkg: 'ink',
    file: 'build/reconciler.js',
    bundles: ['tui'],
    find: '? await loadPackageJson()',
    replace: '? undefined',
    count: 1,
  },
  // Three modules on the UI's path do work at import for something a first frame never needs. In
  // the CommonJS UI script require() is at hand, so each is deferred to its first use.
  {
    // terminal-size (Ink's fallback when stdout has no size) imports node:child_process, which loads
    // net, dgram and the child-process internals, for commands it runs only off a terminal.
    name: 'terminal-size: node:child_process loaded on first use',
    pkg: 'terminal-size',
    file: 'index.js',
    bundles: ['tui'],
    find: "import {execFileSync} from 'node:child_process';",
    replace: "const execFileSync = (...arguments_) => require('node:child_process').execFileSync(...arguments_);",
    count: 1,
  },
  {
    // Ink's error screen builds a stack-trace parser (and Node's internals regexes) at import; it is
    // drawn only when a component throws.
    name: 'ink: stack-trace parser of the error screen made on first use',
    pkg: 'ink',
    file: 'build/components/ErrorOverview.js',
    bundles: ['tui'],
    find: 'const stackUtils = new StackUtils({\n    cwd: cwd(),\n    internals: StackUtils.nodeInternals(),\n});',
    replace: [
      'let stackUtilsMade;',
      'const stackUtils = {',
      '    parseLine: (line) => (stackUtilsMade ??= new StackUtils({cwd: cwd(), internals: StackUtils.nodeInternals()})).parseLine(line),',
      '};',
    ].join('\n'),
    count: 1,
  },
  {
    // ink-table keys its rows by an object-hash of each row; the static tables (profiles, audit,
    // a bulk summary) are never on the first frame.
    name: 'ink-table: object-hash loaded on first use',
    pkg: '@alcalzone/ink-table',
    file: 'dist/index.js',
    bundles: ['tui'],
    find: "import { sha1 } from 'object-hash';",
    replace: "const sha1 = (value) => require('object-hash').sha1(value);",
    count: 1,
  },
];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const occurrences = (source, find) => source.split(find).length - 1;

function version(nodeModules, pkg) {
  try {
    return JSON.parse(readFileSync(join(nodeModules, pkg, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

/**
 * An esbuild plugin applying the patches meant for `bundle`. `nodeModules` and `patches` are for the
 * test, which runs it against a broken copy of a package.
 */
export function patchPlugin({bundle, nodeModules = NODE_MODULES, patches = PATCHES}) {
  const mine = patches.filter((patch) => patch.bundles.includes(bundle));
  return {
    name: `dependency-patches-${bundle}`,
    setup(build) {
      const applied = new Set();
      const fail = (patch, problem) => ({
        text: `build patch "${patch.name}" (${patch.pkg} ${version(nodeModules, patch.pkg)}, ${patch.file}): ${problem}`,
      });
      const mismatch = (patch, found, path) =>
        fail(patch, `expected ${patch.count} × ${JSON.stringify(patch.find)}, found ${found} in ${path}`);

      build.onStart(() => {
        applied.clear();
        const errors = [];
        for (const patch of mine) {
          const path = join(nodeModules, patch.pkg, patch.file);
          if (!existsSync(path)) {
            errors.push(fail(patch, `the file is missing (${path}): renamed or moved by an upgrade?`));
            continue;
          }
          const found = occurrences(readFileSync(path, 'utf8'), patch.find);
          if (found !== patch.count) errors.push(mismatch(patch, found, path));
        }
        return {errors};
      });

      const byFile = new Map();
      for (const patch of mine) {
        const key = `${patch.pkg}/${patch.file}`;
        byFile.set(key, [...(byFile.get(key) ?? []), patch]);
      }
      for (const [key, group] of byFile) {
        // Any copy of the package (a nested one too) is patched, and checked, the same way.
        const filter = new RegExp(`[\\\\/]node_modules[\\\\/]${key.split('/').map(escape).join('[\\\\/]')}$`);
        build.onLoad({filter}, async (args) => {
          let source = await readFile(args.path, 'utf8');
          const errors = [];
          for (const patch of group) {
            const found = occurrences(source, patch.find);
            if (found !== patch.count) errors.push(mismatch(patch, found, args.path));
            else source = source.split(patch.find).join(patch.replace);
            applied.add(patch);
          }
          if (errors.length > 0) return {errors};
          return {contents: source, loader: 'js', resolveDir: dirname(args.path)};
        });
      }

      build.onEnd((result) => {
        if (result.errors.length > 0) return;
        const errors = mine
          .filter((patch) => !applied.has(patch))
          .map((patch) =>
            fail(patch, `the file is no longer part of the ${bundle} bundle: the code it patches moved elsewhere`),
          );
        return {errors};
      });
    },
  };
}
