// conf bundled without Ajv (scripts/conf-without-ajv.mjs): it still reads and writes a store, it
// fails loudly if it is ever given a schema, and the build's check finds Ajv when it is bundled.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {build, type Metafile, type Plugin} from 'esbuild';
import {bundledAjv, confWithoutAjv} from '../../scripts/conf-without-ajv.mjs';
import {REPO_ROOT} from '../support/repo-root.js';
import {scratchDir} from '../support/scratch.js';

const ENTRY = [
  "import Conf from 'conf';",
  'export const open = (cwd, schema) => new Conf({cwd, configName: "config", projectSuffix: "", ...(schema ? {schema} : {})});',
].join('\n');

async function bundleConf(plugins: Plugin[]): Promise<{file: string; metafile: Metafile}> {
  const dir = scratchDir('qlik-tokens-conf-ajv-');
  const file = join(dir, 'conf.mjs');
  const result = await build({
    stdin: {contents: ENTRY, resolveDir: REPO_ROOT, loader: 'js'},
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: file,
    metafile: true,
    logLevel: 'silent',
    banner: {js: "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url);"},
    plugins,
  });
  return {file, metafile: result.metafile};
}

test('conf bundled without Ajv reads and writes a store, and refuses a schema in words', async () => {
  const {file, metafile} = await bundleConf([confWithoutAjv]);
  assert.deepEqual(bundledAjv(metafile), []);
  assert.ok(Object.keys(metafile.inputs).some((input) => input.includes('node_modules/conf/')));
  const {open} = (await import(pathToFileURL(file).href)) as {
    open: (cwd: string, schema?: object) => {set(key: string, value: unknown): void; get(key: string): unknown};
  };
  const cwd = scratchDir('qlik-tokens-conf-store-');
  open(cwd).set('version', 1);
  assert.equal(open(cwd).get('version'), 1);
  assert.throws(
    () => open(cwd, {version: {type: 'integer'}}),
    /conf asked for Ajv, which qlik-tokens' build leaves out/,
  );
});

test("the build's check finds Ajv in a bundle made without the plugin", async () => {
  const {metafile} = await bundleConf([]);
  const found = bundledAjv(metafile);
  assert.ok(
    found.some((input) => input.includes('node_modules/ajv/dist/2020.js')),
    found.join(', '),
  );
  assert.ok(
    found.some((input) => input.includes('node_modules/ajv-formats/')),
    found.join(', '),
  );
});
