// Bundles the CLI so that start-up imports a few files instead of hundreds of modules.
// Code splitting keeps the UI, the simulator and each command in chunks loaded only when used.
import {build} from 'esbuild';
import {chmod, rm, readFile} from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const dist = new URL('../dist/', import.meta.url);
await rm(dist, {recursive: true, force: true});

await build({
  entryPoints: {cli: 'cli.tsx'},
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  chunkNames: 'chunks/[name]-[hash]',
  jsx: 'automatic',
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Ink imports react-devtools-core only when DEV=true; it is not a dependency of ours.
  external: ['react-devtools-core'],
  define: {
    'process.env.NODE_ENV': '"production"',
    __QLIK_TOKENS_VERSION__: JSON.stringify(pkg.version),
  },
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import {createRequire as __qtCreateRequire} from 'node:module'; const require = __qtCreateRequire(import.meta.url);",
  },
});
await chmod(new URL('cli.js', dist), 0o755);
