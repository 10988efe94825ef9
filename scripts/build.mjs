// Bundles the CLI so that start-up imports a few files instead of hundreds of modules.
//   dist/cli.cjs                the router (cli.tsx) and the UI's launcher, CommonJS, nothing else.
//   dist/commands.js + chunks/  the commands, ESM, which the router imports; code splitting loads
//                               each command only when used, and never the UI.
//   dist/tui.cjs                the whole UI as one CommonJS script, which source/ui/launch.ts runs
//                               through V8's code cache, made as a session ends (ESM has no code cache
//                               on Node 20, and Node 22's module.enableCompileCache holds only the
//                               eagerly compiled code: 525 ms to the first frame against 342 ms, README).
//   dist/lib/index.js           the package's main export (source/library): the client and the
//                               engine, ESM, with no React, Ink or conf in it; dist/types/ holds its
//                               .d.ts files, emitted by tsc (tsconfig.lib.json).
import {build} from 'esbuild';
import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {chmod, rm, readFile, rename} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {patchPlugin} from './build-patches.mjs';
import {bundledAjv, confWithoutAjv} from './conf-without-ajv.mjs';
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

// The demo's tenant, made ahead (source/ui/demo-tenant.ts): drawn here by the same code, from the
// same options, as a start without it would draw it.
const demoTenantModule = await build({
  ...common,
  metafile: false,
  entryPoints: ['source/ui/demo-tenant.ts'],
  format: 'esm',
  write: false,
});
const {makeDemoTenant} = await import(
  `data:text/javascript;base64,${Buffer.from(demoTenantModule.outputFiles[0].text).toString('base64')}`
);
const demoTenant = JSON.stringify(makeDemoTenant());

const tui = await build({
  ...common,
  entryPoints: {tui: 'source/ui/main.tsx'},
  outdir: staging.pathname,
  outExtension: {'.js': '.cjs'},
  format: 'cjs',
  // Minified: a first start (no code cache yet) parses the whole script, and half the bytes parse
  // in less time (1.85 → 0.91 MB; the first complete --demo frame 178.7 → 168.6 ms without a code
  // cache and 144.7 → 131.1 ms with one, medians of 25 interleaved starts here). Property names and
  // strings are kept; no message of the tool shows a stack trace.
  minify: true,
  plugins: [
    patchPlugin({bundle: 'tui'}),
    stringWidthToPort,
    confWithoutAjv,
    namedCommonJs(['react', 'react/jsx-runtime']),
  ],
  // Ink's tokenizer and slice-ansi make a grapheme Intl.Segmenter when evaluated; the first of a
  // process loads ICU's data (15–25 ms before the first frame). Theirs is LazySegmenter
  // (source/text/graphemes.ts): the same segments, without a segmenter for plain text.
  inject: [fileURLToPath(new URL('intl-segmenter.mjs', import.meta.url))],
  // import.meta of the ESM dependencies is the script's own URL, as in an ESM bundle; only the
  // modules in IMPORT_META_USERS may use it (checked below).
  define: {...defines, 'import.meta.url': '__qtScriptUrl', __QLIK_TOKENS_DEMO_TENANT__: JSON.stringify(demoTenant)},
  banner: {js: "var __qtScriptUrl = require('node:url').pathToFileURL(__filename).href;"},
});
// Who reads import.meta in the UI script, and why that is harmless with the script's URL: yoga's
// loader takes its directory, used only for a wasm file that is a data: URL here; Ink reads its
// package.json for the devtools, which the patch "ink: no package.json read for devtools" removes.
const IMPORT_META_USERS = [
  /node_modules\/yoga-layout\/dist\/binaries\/yoga-wasm-base64-esm\.js$/,
  /node_modules\/ink\/build\/reconciler\.js$/,
];
const importMetaUsers = [];
for (const input of Object.keys(tui.metafile.inputs)) {
  // '<define:…>' and plugin namespaces ('named-commonjs:…') are the build's own modules, not files.
  if (/^(<|[\w-]+:)/.test(input) || IMPORT_META_USERS.some((allowed) => allowed.test(input))) continue;
  if (/\bimport\.meta\b/.test(await readFile(input, 'utf8'))) importMetaUsers.push(input);
}
if (importMetaUsers.length > 0) {
  await rm(staging, {recursive: true, force: true});
  throw new Error(
    `dist/tui.cjs is CommonJS, where import.meta is the script's URL; check and list in build.mjs: ${importMetaUsers.join(', ')}`,
  );
}
const tuiBuild = createHash('sha256')
  .update(await readFile(new URL('tui.cjs', staging)))
  .digest('hex')
  .slice(0, 16);

const commands = await build({
  ...common,
  entryPoints: {commands: 'source/commands/run.ts'},
  outdir: staging.pathname,
  splitting: true,
  format: 'esm',
  minifySyntax: true,
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [patchPlugin({bundle: 'cli'}), stringWidthToPort, confWithoutAjv],
  define: defines,
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import {createRequire as __qtCreateRequire} from 'node:module'; const require = __qtCreateRequire(import.meta.url);",
  },
});
// The router, CommonJS: the UI's path then loads no ES module at all (Node's ES module loader and
// the launcher's chunks cost the first frame 6 ms: the first complete --demo frame 159.5 → 153.1 ms,
// medians of 15 interleaved first starts). The commands stay in dist/commands.js, imported.
const router = await build({
  ...common,
  entryPoints: {cli: 'cli.tsx'},
  outdir: staging.pathname,
  outExtension: {'.js': '.cjs'},
  format: 'cjs',
  // Folds `typeof __QLIK_TOKENS_TUI_BUILD__` in cli.tsx, so the ESM UI (the tsx path) is not bundled.
  minifySyntax: true,
  plugins: [
    {
      name: 'commands-external',
      setup(build) {
        build.onResolve({filter: /\/commands\/run\.js$/}, () => ({path: './commands.js', external: true}));
      },
    },
  ],
  define: {...defines, __QLIK_TOKENS_TUI_BUILD__: JSON.stringify(tuiBuild)},
});
// The router holds the flags, the usage text and the launcher; a command's code there would be
// parsed by every start of the UI.
const routerInputs = Object.keys(router.metafile.inputs);
const strayInRouter = routerInputs.filter(
  (input) =>
    !/^(cli\.tsx|source\/commands\/(global-flags|context|usage)\.ts|source\/ui\/launch\.ts|source\/profiles\/paths\.ts|source\/text\/terminal-safe\.ts)$/.test(
      input,
    ),
);
if (strayInRouter.length > 0) {
  await rm(staging, {recursive: true, force: true});
  throw new Error(`dist/cli.cjs must hold the router only; it bundles ${strayInRouter.join(', ')}`);
}
const library = await build({
  ...common,
  entryPoints: {index: 'source/library/index.ts'},
  outdir: new URL('lib/', staging).pathname,
  format: 'esm',
  plugins: [patchPlugin({bundle: 'lib'})],
  define: defines,
  banner: {
    js: "import {createRequire as __qtCreateRequire} from 'node:module'; const require = __qtCreateRequire(import.meta.url);",
  },
});
const bundled = [...Object.keys(tui.metafile.inputs), ...Object.keys(commands.metafile.inputs)];
const stray = bundled.filter((input) => /node_modules\/(string-width|emoji-regex)\//.test(input));
if (stray.length > 0) {
  await rm(staging, {recursive: true, force: true});
  throw new Error(`string-width must come from source/text/string-width.ts, but the bundle holds ${stray.join(', ')}`);
}
const ajv = [...new Set([...bundledAjv(tui.metafile), ...bundledAjv(commands.metafile)])];
if (ajv.length > 0) {
  await rm(staging, {recursive: true, force: true});
  throw new Error(
    `Ajv must stay out of the bundles (scripts/conf-without-ajv.mjs); they hold ${ajv.slice(0, 3).join(', ')}${ajv.length > 3 ? ` and ${ajv.length - 3} more` : ''}`,
  );
}
// A program importing the library must not load a terminal UI or the profile store.
const heavy = Object.keys(library.metafile.inputs).filter((input) =>
  /node_modules\/(react|react-dom|ink|conf|scheduler|yoga-layout)\/|source\/(ui|profiles\/(?!paths))/.test(input),
);
if (heavy.length > 0) {
  await rm(staging, {recursive: true, force: true});
  throw new Error(`the library (source/library) must not bundle ${heavy.join(', ')}`);
}
try {
  const tsc = fileURLToPath(new URL('../node_modules/typescript/lib/tsc.js', import.meta.url));
  const types = fileURLToPath(new URL('types/', staging));
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.lib.json', '--outDir', types]);
} catch (error) {
  await rm(staging, {recursive: true, force: true});
  throw new Error(`the library's .d.ts files could not be emitted:\n${error.stdout ?? error.message}`, {cause: error});
}
await chmod(new URL('cli.cjs', staging), 0o755);
await rename(dist, old).catch(() => {});
await rename(staging, dist);
await rm(old, {recursive: true, force: true});
