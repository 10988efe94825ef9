// The code cache of the bundled UI (source/ui/launch.ts): made once, used after, and never a reason
// to fail — a broken, foreign, shared or unwritable cache means compiling as if there were none.
import {afterEach, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {loadCachedScript, tuiCachePath} from '../../source/ui/launch.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

const isRoot = process.getuid?.() === 0;

/** A CommonJS script with enough functions for V8's cache to matter, and a require() of a builtin. */
function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'qlik-tokens-launch-'));
  dirs.push(dir);
  const script = join(dir, 'tui.cjs');
  const functions = Array.from({length: 200}, (_, i) => `function f${i}(x) { return x * ${i} + ${i}; }`).join('\n');
  writeFileSync(
    script,
    `'use strict';\nconst path = require('node:path');\n${functions}\nexports.answer = () => f41(1) + 0;\nexports.base = path.basename(__filename);\nmodule.exports.self = this === exports;\n`,
  );
  return {dir, script, cache: join(dir, 'cache', 'tui-0123456789abcdef-test.jsc')};
}

describe('the UI script and its code cache', () => {
  test('runs as a CommonJS module; the first run makes a private cache, the next one uses it', () => {
    const {dir, script, cache} = setup();
    const first = loadCachedScript<{answer(): number; base: string; self: boolean}>(script, cache);
    assert.equal(first.exports.answer(), 82);
    assert.equal(first.exports.base, 'tui.cjs');
    assert.equal(first.exports.self, true, 'this is module.exports, as under require()');
    assert.equal(first.cacheUsed, false);
    assert.equal(existsSync(cache), false, 'nothing is written before saveCache');
    first.saveCache();
    assert.ok(statSync(cache).size > 0);
    if (process.platform !== 'win32') {
      assert.equal(statSync(join(dir, 'cache')).mode & 0o777, 0o700);
      assert.equal(statSync(cache).mode & 0o777, 0o600);
    }

    const second = loadCachedScript<{answer(): number}>(script, cache);
    assert.equal(second.cacheUsed, true);
    assert.equal(second.exports.answer(), 82);
    const written = statSync(cache).mtimeMs;
    second.saveCache();
    assert.equal(statSync(cache).mtimeMs, written, 'a used cache is not written again');
  });

  test('a corrupt cache is rejected by V8: the script runs, and a good cache replaces it', () => {
    const {script, cache} = setup();
    mkdirSync(join(cache, '..'), {recursive: true, mode: 0o700});
    writeFileSync(cache, Buffer.from('not a V8 code cache at all'.repeat(100)), {mode: 0o600});
    const run = loadCachedScript<{answer(): number}>(script, cache);
    assert.equal(run.cacheUsed, false);
    assert.equal(run.exports.answer(), 82);
    run.saveCache();
    assert.equal(loadCachedScript(script, cache).cacheUsed, true);
  });

  test('a cache made for another script is rejected', () => {
    const {script, cache} = setup();
    loadCachedScript(script, cache).saveCache();
    writeFileSync(script, `${readFileSync(script, 'utf8')}\nexports.more = true;\n`);
    const run = loadCachedScript<{more: boolean}>(script, cache);
    assert.equal(run.cacheUsed, false);
    assert.equal(run.exports.more, true);
  });

  test(
    'a cache others may write, or a symlink, is not read; old builds’ caches are removed on write',
    {skip: process.platform === 'win32'},
    () => {
      const {dir, script, cache} = setup();
      loadCachedScript(script, cache).saveCache();
      chmodSync(cache, 0o666);
      assert.equal(loadCachedScript(script, cache).cacheUsed, false, 'a world-writable cache was used');
      chmodSync(cache, 0o600);
      assert.equal(loadCachedScript(script, cache).cacheUsed, true);

      const elsewhere = join(dir, 'elsewhere.jsc');
      writeFileSync(elsewhere, readFileSync(cache), {mode: 0o600});
      const linked = join(dir, 'cache', 'tui-linked.jsc');
      symlinkSync(elsewhere, linked);
      assert.equal(loadCachedScript(script, linked).cacheUsed, false, 'a symlinked cache was followed');

      writeFileSync(join(dir, 'cache', 'tui-old-build-v18.0.0-x64.jsc'), 'old', {mode: 0o600});
      writeFileSync(join(dir, 'cache', 'unrelated.txt'), 'kept', {mode: 0o600});
      rmSync(cache);
      loadCachedScript(script, cache).saveCache();
      assert.deepEqual(readdirSync(join(dir, 'cache')).sort(), ['tui-0123456789abcdef-test.jsc', 'unrelated.txt']);
    },
  );

  test(
    'an unwritable cache directory or one others can enter costs the cache, never the run',
    {skip: process.platform === 'win32'},
    () => {
      const {dir, script} = setup();
      const shared = join(dir, 'shared');
      mkdirSync(shared, {mode: 0o777});
      chmodSync(shared, 0o777);
      const sharedCache = join(shared, 'tui-x.jsc');
      const run = loadCachedScript<{answer(): number}>(script, sharedCache);
      assert.equal(run.exports.answer(), 82);
      run.saveCache();
      assert.deepEqual(readdirSync(shared), [], 'a cache was written where others can replace it');
      assert.equal(loadCachedScript(script, sharedCache).cacheUsed, false);

      // A cache path under a regular file: no directory can be made there, not even by root.
      const notADirectory = join(dir, 'plain-file');
      writeFileSync(notADirectory, 'x');
      const impossible = join(notADirectory, 'cache', 'tui-x.jsc');
      const failing = loadCachedScript<{answer(): number}>(script, impossible);
      failing.saveCache();
      assert.equal(readFileSync(notADirectory, 'utf8'), 'x');
      assert.equal(loadCachedScript<{answer(): number}>(script, impossible).exports.answer(), 82);

      if (!isRoot) {
        const locked = join(dir, 'locked');
        mkdirSync(locked, {mode: 0o500});
        const lockedCache = join(locked, 'cache', 'tui-x.jsc');
        const blocked = loadCachedScript<{answer(): number}>(script, lockedCache);
        assert.equal(blocked.exports.answer(), 82);
        blocked.saveCache();
        assert.equal(
          existsSync(join(locked, 'cache')),
          false,
          'something was made in a directory without write access',
        );
        const next = loadCachedScript<{answer(): number}>(script, lockedCache);
        assert.equal(next.cacheUsed, false);
        assert.equal(next.exports.answer(), 82, 'the next run compiles as if there were no cache');
      }
      // The same script and a writable directory: the cache is written (the failures above are the
      // directories', not the script's).
      const fine = join(dir, 'fine', 'tui-x.jsc');
      loadCachedScript(script, fine).saveCache();
      assert.ok(statSync(fine).size > 0);
    },
  );

  test('the cache lives under QLIK_TOKENS_HOME/cache, named by build, Node version and architecture', () => {
    const path = tuiCachePath('0123456789abcdef', {QLIK_TOKENS_HOME: '/some/home'});
    assert.equal(path, join('/some/home', 'cache', `tui-0123456789abcdef-${process.version}-${process.arch}.jsc`));
  });
});
