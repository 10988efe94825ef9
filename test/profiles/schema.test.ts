// config.json's schema (source/profiles/schema.ts) and its checker (config-check.ts), held to Ajv:
// the schema must be valid JSON Schema 2020-12, and on hundreds of valid and broken files the
// checker must accept exactly what Ajv accepts (Ajv as conf would use it, from conf's dependencies;
// the tool's bundles leave it out).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Ajv2020} from 'ajv/dist/2020.js';
import ajvFormatsModule from 'ajv-formats';
import {MAX_RECENT_FIELD, MAX_RECENT_USERS, configFileSchema} from '../../source/profiles/schema.js';
import {schemaProblems} from '../../source/profiles/config-check.js';

// ajv-formats is CommonJS: its function is the default export's `default`, as conf itself reads it.
const addFormats = ((ajvFormatsModule as {default?: unknown}).default ?? ajvFormatsModule) as (ajv: Ajv2020) => void;

function confAjv(): Ajv2020 {
  const ajv = new Ajv2020({allErrors: true, useDefaults: true});
  addFormats(ajv);
  return ajv;
}

test('config.json schema is valid JSON Schema (2020-12) and compiles strictly', () => {
  const ajv = confAjv();
  assert.equal(ajv.validateSchema(configFileSchema), true, ajv.errorsText(ajv.errors));
  assert.equal(typeof ajv.compile(configFileSchema), 'function');
});

test('the meta-schema check catches a mistyped schema (so the test above can fail)', () => {
  const ajv = confAjv();
  const broken = {...configFileSchema, properties: {...configFileSchema.properties, version: {type: 'integr'}}};
  assert.equal(ajv.validateSchema(broken), false);
  assert.match(ajv.errorsText(ajv.errors), /type/);
});

type Json = null | boolean | number | string | Json[] | {[key: string]: Json};

const token = (extra: Record<string, Json> = {}): Record<string, Json> => ({
  accessToken: 'eyJ.sample.token',
  expiresAt: 1_767_225_600_000,
  scope: 'admin_classic',
  issuedAt: 1_767_204_000_000,
  tenantUrl: 'https://acme.eu.qlikcloud.com',
  clientId: 'client-1',
  ...extra,
});

/** A config.json that uses every part of the schema. */
function fullConfig(): Record<string, Json> {
  return {
    version: 1,
    currentProfile: 'prod',
    profiles: {
      prod: {
        tenantUrl: 'https://acme.eu.qlikcloud.com',
        clientId: 'client-1',
        clientSecret: 'secret-1',
        scope: 'admin_classic',
        readonly: true,
        recentUsers: [
          {id: '674661002807a03105114f38', name: 'Sofia Eriksson', email: 'sofia@example.com', usedAt: '2026-12-01'},
          {id: '674661002807a03105114f39', usedAt: '2026-11-30'},
        ],
        cachedAccessToken: token(),
      },
      'staging_2.eu-1': {
        tenantUrl: 'https://staging.eu.qlikcloud.com',
        clientId: 'client-2',
        clientSecret: 'secret-2',
        scope: 'admin_classic user_default',
        recentUsers: [],
      },
    },
    envTokenCache: {abc123: token(), def456: {accessToken: 'x', expiresAt: 0}},
    __internal__: {migrations: {version: '1.0.0'}},
  };
}

const clone = <T>(value: T): T => structuredClone(value);

/** Every place in `value`, as a path of keys. */
function places(value: Json, path: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [path];
  const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
  return [path, ...keys.flatMap((key) => places((value as Record<string, Json>)[key]!, [...path, key]))];
}

function parentOf(root: Json, path: string[]): Record<string, Json> {
  let node = root as Record<string, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, Json>;
  return node;
}

const REPLACEMENTS: Json[] = [null, 0, -1, 1.5, 1, '', 'x', 'a b', '-x', 'é', true, [], {}, [1], {a: 1}];

/** Files that are broken (or not) in one place each: gone, replaced, or with a field added. */
function variants(): Array<{what: string; data: Json}> {
  const base = fullConfig();
  const out: Array<{what: string; data: Json}> = [{what: 'the full file', data: base}];
  for (const path of places(base)) {
    const name = path.join('/') || '(root)';
    if (path.length > 0) {
      const gone = clone(base);
      const parent = parentOf(gone, path);
      if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
      else delete parent[path.at(-1)!];
      out.push({what: `without ${name}`, data: gone});
      for (const replacement of REPLACEMENTS) {
        const changed = clone(base);
        parentOf(changed, path)[path.at(-1)!] = clone(replacement);
        out.push({what: `${name} = ${JSON.stringify(replacement)}`, data: changed});
      }
    }
    const node = path.reduce<Json>((at, key) => (at as Record<string, Json>)[key]!, base);
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      for (const key of ['extra', 'bad name', 'x'.repeat(65)]) {
        const added = clone(base);
        path.reduce<Json>((at, k) => (at as Record<string, Json>)[k]!, added);
        (path.reduce<Json>((at, k) => (at as Record<string, Json>)[k]!, added) as Record<string, Json>)[key] = 'v';
        out.push({what: `${name} + ${key}`, data: added});
      }
    }
  }
  const many = clone(base);
  const prod = (many.profiles as Record<string, Record<string, Json>>).prod!;
  prod.recentUsers = Array.from({length: MAX_RECENT_USERS + 1}, (_, i) => ({id: `u${i}`, usedAt: 'today'}));
  out.push({what: `${MAX_RECENT_USERS + 1} recent users`, data: many});
  const enough = clone(base);
  (enough.profiles as Record<string, Record<string, Json>>).prod!.recentUsers = Array.from(
    {length: MAX_RECENT_USERS},
    (_, i) => ({id: `u${i}`, name: 'n'.repeat(MAX_RECENT_FIELD), usedAt: 'today'}),
  );
  out.push({what: `${MAX_RECENT_USERS} recent users`, data: enough});
  for (const name of ['bad name', '-x', 'é', 'x'.repeat(65), 'x'.repeat(64), '', 'a.b_c-d']) {
    const renamed = clone(base);
    const profiles = renamed.profiles as Record<string, Json>;
    profiles[name] = profiles.prod!;
    delete profiles.prod;
    out.push({what: `a profile named ${JSON.stringify(name)}`, data: renamed});
  }
  for (const root of [null, [], 'config', 1, {}]) out.push({what: `the file is ${JSON.stringify(root)}`, data: root});
  return out;
}

test('the checker accepts exactly the files Ajv accepts, and names the place of each problem', () => {
  const ajvValid = confAjv().compile(configFileSchema);
  const all = variants();
  assert.ok(all.length > 500, `only ${all.length} variants`);
  let broken = 0;
  for (const {what, data} of all) {
    const problems = schemaProblems(data, configFileSchema);
    const valid = ajvValid(data);
    assert.equal(
      problems.length === 0,
      valid,
      `${what}: Ajv says ${valid ? 'valid' : ajvValid.errors?.[0]?.message}, the checker ${problems.join('; ') || 'valid'}`,
    );
    if (!valid) {
      broken++;
      const place = ajvValid.errors![0]!.instancePath.slice(1);
      assert.ok(
        problems.some((problem) => place === '' || problem.includes(`\`${place}`)),
        `${what}: Ajv points at ${place}, the checker says ${problems.join('; ')}`,
      );
    }
  }
  assert.ok(broken > 300, `only ${broken} of ${all.length} variants are broken`);
});

test('the checker says what is wrong in words, and refuses a schema keyword it does not know', () => {
  const data = fullConfig();
  delete (data.profiles as Record<string, Record<string, Json>>).prod!.clientSecret;
  assert.deepEqual(schemaProblems(data, configFileSchema), ['`profiles/prod/clientSecret` is missing']);
  assert.deepEqual(schemaProblems({...fullConfig(), version: 2}, configFileSchema), ['`version` must be 1']);
  assert.deepEqual(schemaProblems([], configFileSchema), ['the file must be an object']);
  assert.throws(() => schemaProblems('a', {type: 'string', format: 'email'}), /"format", which it does not know/);
  assert.throws(() => schemaProblems('a', {type: 'text'}), /type text, which it does not know/);
});
