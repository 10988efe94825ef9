// The build's patches of dependency internals (scripts/build-patches.mjs) fail the build, naming
// themselves, the day they no longer apply: each way an upgrade can break one is made here on a copy
// of the package, and the built UI script is checked for what the patches are for.
import {after, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {build} from 'esbuild';
import {PATCHES, patchPlugin} from '../../scripts/build-patches.mjs';
import {REPO_ROOT} from '../support/repo-root.js';

const ROOT = REPO_ROOT;
const YOGA_PATCHES = PATCHES.filter((patch) => patch.pkg === 'yoga-layout');
const SYNC_PATCH = YOGA_PATCHES.find((patch) => patch.file === 'dist/src/index.js')!;

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

/** A project holding a copy of yoga-layout and an entry that uses it. */
const USES_YOGA = [
  "import Yoga from 'yoga-layout';",
  'const node = Yoga.Node.create();',
  'node.setWidth(7);',
  'node.calculateLayout();',
  'export const width = node.getComputedWidth();',
].join('\n');

function project(entry = USES_YOGA) {
  const dir = mkdtempSync(join(tmpdir(), 'qlik-tokens-patches-'));
  dirs.push(dir);
  const yoga = join(dir, 'node_modules', 'yoga-layout');
  mkdirSync(yoga, {recursive: true});
  cpSync(join(ROOT, 'node_modules', 'yoga-layout'), yoga, {recursive: true});
  writeFileSync(join(dir, 'entry.js'), entry);
  return {dir, yoga, nodeModules: join(dir, 'node_modules')};
}

/** Bundles the project's entry as the UI script is bundled (CommonJS), with the yoga patches. */
async function bundle(dir: string, nodeModules: string) {
  const result = await build({
    entryPoints: [join(dir, 'entry.js')],
    absWorkingDir: dir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'silent',
    plugins: [patchPlugin({bundle: 'tui', nodeModules, patches: YOGA_PATCHES})],
  });
  return result.outputFiles[0]!.text;
}

async function buildError(dir: string, nodeModules: string): Promise<string> {
  const error = await bundle(dir, nodeModules).then(
    () => assert.fail('the build passed'),
    (error: Error) => error,
  );
  return error.message;
}

function edit(file: string, change: (text: string) => string) {
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

describe('a dependency patch that no longer applies fails the build, by name', () => {
  test('applied: yoga loads synchronously in a CommonJS bundle', async () => {
    const {dir, nodeModules} = project();
    const code = await bundle(dir, nodeModules);
    // The loader hands over its data URL (whatever the bundle renamed `H` to) and the hook decodes it.
    assert.match(code, /instantiateWasm\(\s*d,\s*a,\s*[\w$]+\s*\)/);
    assert.match(code, /Buffer\.from\(dataUrl\.slice\(base64\.length\)/);
    assert.ok(!code.includes('await loadYoga()'));
    const module = {exports: {} as {width?: number}};
    new Function('module', 'exports', 'require', code)(module, module.exports, createRequire(import.meta.url));
    assert.equal(module.exports.width, 7, 'yoga lays out as soon as the script ran');
  });

  test('its target file renamed (and its package updated to match)', async () => {
    const {dir, yoga, nodeModules} = project();
    renameSync(join(yoga, 'dist/src/index.js'), join(yoga, 'dist/src/yoga.js'));
    edit(join(yoga, 'package.json'), (text) => text.replaceAll('./dist/src/index.js', './dist/src/yoga.js'));
    const message = await buildError(dir, nodeModules);
    assert.match(
      message,
      new RegExp(`build patch "${SYNC_PATCH.name}" \\(yoga-layout 3\\.\\d+\\.\\d+, dist/src/index\\.js\\)`),
    );
    assert.match(message, /the file is missing/);
  });

  test('its text changed', async () => {
    const {dir, yoga, nodeModules} = project();
    edit(join(yoga, 'dist/src/index.js'), (text) => text.replace('await loadYoga()', 'await loadYoga({})'));
    const message = await buildError(dir, nodeModules);
    assert.match(message, new RegExp(`build patch "${SYNC_PATCH.name}".*expected 1 × .*found 0`));
  });

  test('its text found more often than expected', async () => {
    const {dir, yoga, nodeModules} = project();
    edit(
      join(yoga, 'dist/binaries/yoga-wasm-base64-esm.js'),
      (text) => `${text}\n// return h.instantiateWasm(d,\na)\n`,
    );
    const message = await buildError(dir, nodeModules);
    assert.match(
      message,
      /build patch "yoga-layout: the instantiateWasm hook gets the wasm data URL".*expected 1 × .*found 2/,
    );
  });

  test('its file no longer part of the bundle it is for', async () => {
    const {dir, nodeModules} = project('export const width = 0;\n');
    const message = await buildError(dir, nodeModules);
    for (const patch of YOGA_PATCHES) assert.ok(message.includes(`build patch "${patch.name}"`), message);
    assert.match(message, /no longer part of the tui bundle/);
  });

  test('a nested copy of the package is patched and checked as well', async () => {
    const {dir, yoga, nodeModules} = project();
    // The hoisted copy is intact; the one the entry reaches is a broken nested copy.
    const nested = join(dir, 'node_modules', 'ui', 'node_modules', 'yoga-layout');
    mkdirSync(nested, {recursive: true});
    cpSync(yoga, nested, {recursive: true});
    edit(join(nested, 'dist/src/index.js'), (text) => text.replace('await loadYoga()', 'await loadYoga({})'));
    writeFileSync(join(dir, 'node_modules', 'ui', 'index.js'), "export {default} from 'yoga-layout';\n");
    writeFileSync(
      join(dir, 'node_modules', 'ui', 'package.json'),
      '{"name": "ui", "type": "module", "main": "index.js"}',
    );
    writeFileSync(join(dir, 'entry.js'), USES_YOGA.replace("from 'yoga-layout'", "from 'ui'"));
    const message = await buildError(dir, nodeModules);
    assert.match(message, /found 0 in .*node_modules\/ui\/node_modules\/yoga-layout/);
  });
});

describe('what the patches are for, in the built UI script', () => {
  test('loading dist/tui.cjs builds no Intl.Segmenter, touches no global fetch and awaits nothing', () => {
    const script = `
      const seen = {segmenter: 0, fetch: 0};
      const Segmenter = Intl.Segmenter;
      Intl.Segmenter = new Proxy(Segmenter, {construct(target, args) { seen.segmenter++; return Reflect.construct(target, args); }});
      const fetchProperty = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
      Object.defineProperty(globalThis, 'fetch', {configurable: true, get() { seen.fetch++; return fetchProperty.get ? fetchProperty.get.call(globalThis) : fetchProperty.value; }});
      const tui = require(${JSON.stringify(join(ROOT, 'dist', 'tui.cjs'))});
      console.log(JSON.stringify({...seen, runTui: typeof tui.runTui}));
    `;
    const child = spawnSync(process.execPath, ['-e', script], {encoding: 'utf8'});
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), {segmenter: 0, fetch: 0, runTui: 'function'});
  });

  test("loading dist/tui.cjs loads no node:child_process; the error screen's stack parser and ink-table's row hash wait for first use", () => {
    const script = `
      const before = new Set(process.moduleLoadList);
      const tui = require(${JSON.stringify(join(ROOT, 'dist', 'tui.cjs'))});
      const loaded = process.moduleLoadList.filter((name) => !before.has(name));
      console.log(JSON.stringify({childProcess: loaded.includes('NativeModule child_process'), runTui: typeof tui.runTui}));
    `;
    const child = spawnSync(process.execPath, ['-e', script], {encoding: 'utf8'});
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(JSON.parse(child.stdout), {childProcess: false, runTui: 'function'});
    const code = readFileSync(join(ROOT, 'dist', 'tui.cjs'), 'utf8');
    // The script is minified: its own names are short, Node's and the packages' properties stay.
    for (const deferred of [
      /require\("node:child_process"\)\.execFileSync\(/,
      /\?\?=\s*new [\w$.]+\(\{\s*cwd:\s*[\w$.(), ]+\(\),\s*internals:\s*[\w$.]+\.nodeInternals\(\)\s*\}\)\)\.parseLine\(/,
      /[\w$]+\(\)\.sha1\([\w$]+\)/,
    ])
      assert.match(code, deferred, `dist/tui.cjs defers: ${deferred}`);
  });
});
