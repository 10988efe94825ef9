// Checks config.json against its JSON schema (schema.ts) on every read and every write.
//
// conf can do this with Ajv (its `schema` option), but Ajv compiles a validator on every start and
// is 290 kB of code to load: together 48 + 15 ms of CPU of every command that opens the store, and
// of the UI's first start (measured here, Node 20). This walks the schema instead; it knows the
// few keywords the schema uses and throws on any other, so a schema change it does not understand
// fails every test that opens a store rather than passing unchecked. test/profiles/schema.test.ts
// holds it to Ajv's answers on valid and broken files; scripts/build.mjs leaves Ajv out of the
// bundles.

type Schema = {readonly [keyword: string]: unknown};

const KNOWN = new Set([
  'type',
  'const',
  'required',
  'properties',
  'additionalProperties',
  'propertyNames',
  'pattern',
  'minLength',
  'items',
  'maxItems',
]);

/** Problems found, at most this many (a file can be broken in thousands of places). */
const MAX_PROBLEMS = 10;

const patterns = new Map<string, RegExp>();
function regExp(source: string): RegExp {
  let compiled = patterns.get(source);
  if (!compiled) patterns.set(source, (compiled = new RegExp(source, 'u')));
  return compiled;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function hasType(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    default:
      throw new Error(`config-check: the schema names the type ${String(type)}, which it does not know`);
  }
}

/** `profiles/prod/clientSecret`, as Ajv and conf name places (a JSON pointer without its slash). */
const at = (path: string[]): string => (path.length === 0 ? 'the file' : `\`${path.join('/')}\``);

function check(value: unknown, schema: Schema, path: string[], problems: string[]): void {
  if (problems.length >= MAX_PROBLEMS) return;
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN.has(keyword)) throw new Error(`config-check: the schema uses "${keyword}", which it does not know`);
  }
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    const type = String(schema.type);
    problems.push(`${at(path)} must be ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`);
    return;
  }
  if (schema.const !== undefined && value !== schema.const) {
    problems.push(`${at(path)} must be ${JSON.stringify(schema.const)}`);
    return;
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength)
      problems.push(`${at(path)} must not be ${schema.minLength === 1 ? 'empty' : `shorter than ${schema.minLength}`}`);
    if (typeof schema.pattern === 'string' && !regExp(schema.pattern).test(value))
      problems.push(`${at(path)} must match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
      problems.push(`${at(path)} must not hold more than ${schema.maxItems} items`);
    if (isObject(schema.items))
      value.forEach((item, i) => check(item, schema.items as Schema, [...path, String(i)], problems));
  }
  if (isObject(value)) checkObject(value, schema, path, problems);
}

function checkObject(value: Record<string, unknown>, schema: Schema, path: string[], problems: string[]): void {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const name of (schema.required ?? []) as string[]) {
    if (!Object.hasOwn(value, name)) problems.push(`${at([...path, name])} is missing`);
  }
  for (const [name, item] of Object.entries(value)) {
    const place = [...path, name];
    if (isObject(schema.propertyNames)) check(name, schema.propertyNames, place, problems);
    if (Object.hasOwn(properties, name)) check(item, properties[name]!, place, problems);
    else if (schema.additionalProperties === false) problems.push(`${at(place)} is not a known field`);
    else if (isObject(schema.additionalProperties)) check(item, schema.additionalProperties, place, problems);
  }
}

/** What makes `data` not match `schema` ("`profiles/prod/clientSecret` is missing"); none when it does. */
export function schemaProblems(data: unknown, schema: Schema): string[] {
  const problems: string[] = [];
  check(data, schema, [], problems);
  return problems.slice(0, MAX_PROBLEMS);
}
