// The layers of design.md, checked on every import of every source file: imports point down only,
// React lives in source/ui alone, conf in source/profiles alone, and the simulator shares nothing
// but types with the client (so that a bug cannot hide on both sides of the wire).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {REPO_ROOT} from './support/repo-root.js';

const ROOT = REPO_ROOT;

/** Higher may import lower; equal is the same layer. text is plain utilities under everything. */
const RANK: Record<string, number> = {
  cli: 7,
  // The package's main export: an entry point like cli.tsx, for programs (see the test below).
  library: 7,
  commands: 6,
  ui: 5,
  revoke: 4,
  profiles: 3,
  qlik: 2,
  simulator: 1,
  text: 0,
};

type Import = {file: string; specifier: string; typeOnly: boolean};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

export function importsOf(file: string, text: string): Import[] {
  const found: Import[] = [];
  // Static imports and re-exports (one statement may span lines), then dynamic import().
  for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;'"]*?\bfrom\s+'([^']+)'/gms)) {
    found.push({file, specifier: match[3]!, typeOnly: match[2] !== undefined});
  }
  for (const match of text.matchAll(/^\s*import\s+'([^']+)'/gm))
    found.push({file, specifier: match[1]!, typeOnly: false});
  for (const match of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g))
    found.push({file, specifier: match[1]!, typeOnly: false});
  return found;
}

function layerOf(path: string): string {
  const rel = relative(ROOT, path);
  if (rel === 'cli.tsx') return 'cli';
  const [top, layer] = rel.split(/[\\/]/);
  if (top !== 'source' || layer === undefined || !(layer in RANK))
    throw new Error(`${rel} is in no layer of design.md`);
  return layer;
}

const files = [join(ROOT, 'cli.tsx'), ...sourceFiles(join(ROOT, 'source'))];
const imports = files.flatMap((file) => importsOf(file, readFileSync(file, 'utf8')));

test('the scan sees the imports it checks', () => {
  assert.ok(files.length > 50, `only ${files.length} source files found`);
  assert.ok(imports.length > 200, `only ${imports.length} imports found`);
  const sample = importsOf(
    'x.ts',
    "import {a,\n  b} from './a.js';\nimport type {C} from '../c.js';\nexport {d} from './d.js';\nconst m = await import('./m.js');\n",
  );
  assert.deepEqual(
    sample.map((i) => [i.specifier, i.typeOnly]),
    [
      ['./a.js', false],
      ['../c.js', true],
      ['./d.js', false],
      ['./m.js', false],
    ],
  );
});

test('imports point down the layers only (types included)', () => {
  const wrong: string[] = [];
  for (const {file, specifier} of imports) {
    if (!specifier.startsWith('.')) continue;
    const from = layerOf(file);
    const to = layerOf(resolve(dirname(file), specifier));
    if (from === 'simulator' && to === 'qlik') continue; // types only: the next test
    if (RANK[to]! > RANK[from]!) wrong.push(`${relative(ROOT, file)} (${from}) imports ${specifier} (${to})`);
  }
  assert.deepEqual(wrong, []);
});

test('the simulator and the client share types only, and only the simulator side may know the other', () => {
  const wrong: string[] = [];
  for (const {file, specifier, typeOnly} of imports) {
    if (!specifier.startsWith('.')) continue;
    const from = layerOf(file);
    const to = layerOf(resolve(dirname(file), specifier));
    if (from === 'simulator' && to === 'qlik' && !typeOnly)
      wrong.push(`${relative(ROOT, file)} imports ${specifier} for more than types`);
    if (from === 'qlik' && to === 'simulator') wrong.push(`${relative(ROOT, file)} imports the simulator`);
    if (from !== 'simulator' && to === 'simulator' && !['ui', 'commands'].includes(from))
      wrong.push(`${relative(ROOT, file)} (${from}) imports the simulator`);
  }
  assert.deepEqual(wrong, []);
});

test('React and Ink only in source/ui, conf only in source/profiles, undici only in source/qlik', () => {
  const owner: Record<string, string> = {react: 'ui', ink: 'ui', conf: 'profiles', undici: 'qlik'};
  const wrong: string[] = [];
  for (const {file, specifier, typeOnly} of imports) {
    const pkg = specifier.split('/')[0]!;
    const layer = owner[pkg];
    if (layer === undefined || typeOnly) continue;
    if (layerOf(file) !== layer) wrong.push(`${relative(ROOT, file)} imports ${specifier}`);
  }
  assert.deepEqual(wrong, []);
});

test('the library (the package main export) stands on qlik, revoke and text only', () => {
  const wrong: string[] = [];
  for (const {file, specifier} of imports) {
    if (layerOf(file) !== 'library') continue;
    if (!specifier.startsWith('.')) {
      if (!specifier.startsWith('node:')) wrong.push(`${relative(ROOT, file)} imports ${specifier}`);
      continue;
    }
    const to = layerOf(resolve(dirname(file), specifier));
    if (!['library', 'qlik', 'revoke', 'text'].includes(to))
      wrong.push(`${relative(ROOT, file)} imports ${specifier} (${to})`);
  }
  assert.ok(
    files.some((file) => layerOf(file) === 'library'),
    'source/library is missing',
  );
  assert.deepEqual(wrong, []);
});
