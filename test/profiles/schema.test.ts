// The store tells conf not to check its schema against JSON Schema's meta-schema on every start
// (source/profiles/store.ts: 37 ms of each store command). The check is here instead, once, with
// the Ajv that conf uses and the schema as conf assembles it.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Ajv2020} from 'ajv/dist/2020.js';
import ajvFormatsModule from 'ajv-formats';
import {configRootSchema, configSchema} from '../../source/profiles/schema.js';

// ajv-formats is CommonJS: its function is the default export's `default`, as conf itself reads it.
const addFormats = ((ajvFormatsModule as {default?: unknown}).default ?? ajvFormatsModule) as (ajv: Ajv2020) => void;

function confAjv(): Ajv2020 {
  const ajv = new Ajv2020({allErrors: true, useDefaults: true});
  addFormats(ajv);
  return ajv;
}

test('config.json schema, as conf assembles it, is valid JSON Schema (2020-12) and compiles strictly', () => {
  const ajv = confAjv();
  const schema = {...configRootSchema, type: 'object', properties: configSchema};
  assert.equal(ajv.validateSchema(schema), true, ajv.errorsText(ajv.errors));
  assert.equal(typeof ajv.compile(schema), 'function');
});

test('the meta-schema check catches a mistyped schema (so the test above can fail)', () => {
  const ajv = confAjv();
  const broken = {type: 'object', properties: {...configSchema, version: {type: 'integr'}}};
  assert.equal(ajv.validateSchema(broken), false);
  assert.match(ajv.errorsText(ajv.errors), /type/);
});
