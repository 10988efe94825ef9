// How the built CLI starts the UI: dist/tui.cjs, the whole UI as one CommonJS script, compiled
// through V8's code cache. Parsing and compiling React, Ink and the screens is the largest part of a
// start; with the cache from an earlier run V8 takes the compiled code instead (the first frame of
// --demo: 241 ms with it, 337 ms before, in one interleaved comparison here). The cache is made when
// a UI session ends, holding every function that session compiled, and is only a speed-up: any
// problem with it means compiling as without it.
//
// The cache file is trusted like the rest of the tool's files: it must be a regular file of this
// user, writable by nobody else, in a directory only this user can enter. Its name carries the
// build's hash, the Node version and the architecture, and V8 itself rejects data from another
// V8 version, other flags or a source of another length.
import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import {cacheHome} from '../profiles/paths.js';
import type {RunTuiOptions} from './main.js';

export type TuiModule = {runTui(options: RunTuiOptions): Promise<number>};

/** A CommonJS script run through a code cache; `saveCache` writes one when there was none to use. */
export type CachedScript<T> = {exports: T; cacheUsed: boolean; saveCache(): void};

const CACHE_PREFIX = 'tui-';
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

function readCache(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size === 0 || stat.size > MAX_CACHE_BYTES) return undefined;
    if (process.getuid && (stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0)) return undefined;
    const data = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < data.length) {
      const n = readSync(fd, data, read, data.length - read, read);
      if (n === 0) return undefined;
      read += n;
    }
    return data;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function privateDirectory(dir: string): boolean {
  mkdirSync(dir, {recursive: true, mode: 0o700});
  // Windows: no owner or mode bits to check; the profile's directory is the user's own.
  if (process.platform === 'win32') return true;
  const fd = openSync(dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0) | (constants.O_NOFOLLOW ?? 0));
  try {
    const stat = fstatSync(fd);
    return stat.isDirectory() && (!process.getuid || (stat.uid === process.getuid() && (stat.mode & 0o077) === 0));
  } finally {
    closeSync(fd);
  }
}

function writeCache(file: string, data: Buffer): void {
  const dir = path.dirname(file);
  if (!privateDirectory(dir)) return;
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data, {mode: 0o600, flag: 'wx'});
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, {force: true});
    return;
  }
  // Caches of other builds and Node versions are dead weight from now on.
  for (const name of readdirSync(dir)) {
    if (name.startsWith(CACHE_PREFIX) && path.join(dir, name) !== file) rmSync(path.join(dir, name), {force: true});
  }
}

/**
 * Runs `file` (CommonJS) with the code cache `cacheFile`, or none. Reading or writing the cache never
 * fails the caller: without it, the script compiles as it would without this function.
 */
export function loadCachedScript<T>(file: string, cacheFile: string | undefined): CachedScript<T> {
  const source = readFileSync(file, 'utf8');
  const cachedData = cacheFile === undefined ? undefined : readCache(cacheFile);
  // Node's own CommonJS wrapper, so the script sees what a require()d module sees.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? {cachedData} : {}),
  });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = {exports: {} as T};
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return {
    exports: module.exports,
    cacheUsed,
    saveCache() {
      if (cacheUsed || cacheFile === undefined) return;
      try {
        writeCache(cacheFile, script.createCachedData());
      } catch {
        // A cache is a speed-up: an unwritable directory or a full disk costs the next start only.
      }
    },
  };
}

/** The cache file for a build of the UI script under this Node. */
export function tuiCachePath(build: string, env: NodeJS.ProcessEnv): string {
  return path.join(cacheHome(env), `${CACHE_PREFIX}${build}-${process.version}-${process.arch}.jsc`);
}

/** Runs the UI from `dist`/tui.cjs (`build` is its hash), then saves a code cache if it had none. */
export async function runBundledTui(dist: string, build: string, options: RunTuiOptions): Promise<number> {
  const tuiScript = path.join(dist, 'tui.cjs');
  const loaded = loadCachedScript<TuiModule>(tuiScript, tuiCachePath(build, options.env));
  const code = await loaded.exports.runTui(options);
  loaded.saveCache();
  return code;
}
