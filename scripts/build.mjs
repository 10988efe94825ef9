// Bundles the CLI so that start-up imports a few files instead of hundreds of modules.
//   dist/cli.js + dist/chunks/  the router and the commands, ESM; code splitting loads each command
//                               only when used, and never the UI.
//   dist/tui.cjs                the whole UI as one CommonJS script, which source/ui/launch.ts runs
//                               through V8's code cache (ESM has no code cache on Node 20).
import {build} from 'esbuild';
import {createHash} from 'node:crypto';
import {chmod, rm, readFile, rename} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {dependencyPatches, scriptPatches} from './build-patches.mjs';
import {namedCommonJs} from './named-commonjs.mjs';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
// Built beside dist/ and swapped in, so a CLI started during a rebuild never finds dist/ half-made.
const staging = new URL(`../dist.${process.pid}.tmp/`, import.meta.url);
const dist = new URL('../dist/', import.meta.url);
const old = new URL(`../dist.${process.pid}.old/`, import.meta.url);
await rm(staging, {recursive: true, force: true});

// Every `import 'string-width'` (Ink's output, widest-line, cli-truncate, and wrap-ansi's own nested
// v7 copy with emoji-regex) gets source/text/string-width.ts: string-width 8.3.0's results, without
// its Intl.Segmenter and \p{RGI_Emoji} RegExp built at import. wrap-ansi thereby measures with v8's
// rules, the same as Ink's layout and our columns.
const stringWidthPort = fileURLToPath(new URL('../source/text/string-width.ts', import.meta.url));
const stringWidthToPort = {
  name: 'string-width-port',
  setup(build) {
    build.onResolve({filter: /^string-width$/}, () => ({path: stringWidthPort}));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20.18',
  jsx: 'automatic',
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  // Ink imports react-devtools-core only when DEV=true; it is not a dependency of ours.
  external: ['react-devtools-core'],
};
const defines = {
  'process.env.NODE_ENV': '"production"',
  __QLIK_TOKENS_VERSION__: JSON.stringify(pkg.version),
};

const tui = await build({
  ...common,
  entryPoints: {tui: 'source/ui/main.tsx'},
  outdir: staging.pathname,
  outExtension: {'.js': '.cjs'},
  format: 'cjs',
  plugins: [scriptPatches, stringWidthToPort, namedCommonJs(['react', 'react/jsx-runtime'])],
  // Nothing on the UI's path reads import.meta but yoga's loader, which copes without it.
  define: {...defines, 'import.meta.url': 'undefined'},
});
const tuiBuild = createHash('sha256')
  .update(await readFile(new URL('tui.cjs', staging)))
  .digest('hex')
  .slice(0, 16);

const cli = await build({
  ...common,
  entryPoints: {cli: 'cli.tsx'},
  outdir: staging.pathname,
  splitting: true,
  format: 'esm',
  // Folds `typeof __QLIK_TOKENS_TUI_BUILD__` in cli.tsx, so the ESM UI (the tsx path) is not bundled.
  minifySyntax: true,
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [dependencyPatches, stringWidthToPort],
  define: {...defines, __QLIK_TOKENS_TUI_BUILD__: JSON.stringify(tuiBuild)},
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import {createRequire as __qtCreateRequire} from 'node:module'; const require = __qtCreateRequire(import.meta.url);",
  },
});
const stray = [...Object.keys(tui.metafile.inputs), ...Object.keys(cli.metafile.inputs)].filter((input) =>
  /node_modules\/(string-width|emoji-regex)\//.test(input),
);
if (stray.length > 0) {
  await rm(staging, {recursive: true, force: true});
  throw new Error(`string-width must come from source/text/string-width.ts, but the bundle holds ${stray.join(', ')}`);
}
await chmod(new URL('cli.js', staging), 0o755);
await rename(dist, old).catch(() => {});
await rename(staging, dist);
await rm(old, {recursive: true, force: true});
