// Checks that a 2xx body is the shape the contract promises before anyone downstream trusts it.
// Required fields are enforced; unknown fields are tolerated and optional ones may be missing or
// null (the spec and the tutorial disagree on which optional fields exist). Objects are checked in
// place, never copied: a tenant-wide listing can be tens of thousands of tokens.
import {QlikError} from './errors.js';
import type {QlikToken, QlikUser} from './types.js';

function wrongShape(message: string): QlikError {
  return new QlikError({
    kind: 'protocol',
    status: 200,
    message: `HTTP 200 from tenant: unexpected response shape: ${message}`,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function requireString(obj: Record<string, unknown>, field: string, where: string): void {
  const value = obj[field];
  if (typeof value !== 'string' || value === '')
    throw wrongShape(`${where}.${field} is ${describe(value)}, expected a non-empty string`);
}

function optionalString(obj: Record<string, unknown>, field: string, where: string): void {
  const value = obj[field];
  if (value !== undefined && value !== null && typeof value !== 'string') {
    throw wrongShape(`${where}.${field} is ${describe(value)}, expected a string or null`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === '') return 'an empty string';
  return `a ${typeof value}`;
}

function dataArray(body: unknown, what: string): unknown[] {
  if (!isObject(body)) throw wrongShape(`${what} is ${describe(body)}, expected an object with a data array`);
  if (!Array.isArray(body.data)) throw wrongShape(`${what}.data is ${describe(body.data)}, expected an array`);
  return body.data;
}

const TOKEN_OPTIONAL = ['tenantId', 'description', 'deviceType', 'lastUsed', 'clientId'] as const;

/** Why `value` is not a token, or undefined. The hot path of a big listing: no allocation when fine. */
function tokenProblem(value: unknown): string | undefined {
  if (!isObject(value)) return ` is ${describe(value)}, expected an object`;
  const {id, userId} = value;
  if (typeof id !== 'string' || id === '') return `.id is ${describe(id)}, expected a non-empty string`;
  if (typeof userId !== 'string' || userId === '') return `.userId is ${describe(userId)}, expected a non-empty string`;
  for (const field of TOKEN_OPTIONAL) {
    const v = value[field];
    if (v !== undefined && v !== null && typeof v !== 'string')
      return `.${field} is ${describe(v)}, expected a string or null`;
  }
  return undefined;
}

export function validateToken(value: unknown, where = 'token'): QlikToken {
  const problem = tokenProblem(value);
  if (problem !== undefined) throw wrongShape(`${where}${problem}`);
  return value as QlikToken;
}

/** The `data` array of a GET /api/v1/oauth-tokens page, checked. */
export function validateTokenPage(body: unknown): QlikToken[] {
  const data = dataArray(body, 'token list');
  for (let i = 0; i < data.length; i++) {
    const problem = tokenProblem(data[i]);
    if (problem !== undefined) throw wrongShape(`data[${i}]${problem}`);
  }
  return data as QlikToken[];
}

export function validateUser(value: unknown, where = 'user'): QlikUser {
  if (!isObject(value)) throw wrongShape(`${where} is ${describe(value)}, expected an object`);
  requireString(value, 'id', where);
  // Required by the spec and by the type everyone codes against; an empty name is still a name.
  for (const field of ['name', 'subject'] as const) {
    if (typeof value[field] !== 'string')
      throw wrongShape(`${where}.${field} is ${describe(value[field])}, expected a string`);
  }
  optionalString(value, 'tenantId', where);
  optionalString(value, 'email', where);
  optionalString(value, 'status', where);
  optionalString(value, 'clientId', where);
  if (value.assignedRoles !== undefined && value.assignedRoles !== null && !Array.isArray(value.assignedRoles)) {
    throw wrongShape(`${where}.assignedRoles is ${describe(value.assignedRoles)}, expected an array`);
  }
  return value as QlikUser;
}

/** The `data` array of a GET /api/v1/users page, checked. */
export function validateUserPage(body: unknown): QlikUser[] {
  const data = dataArray(body, 'user list');
  for (let i = 0; i < data.length; i++) validateUser(data[i], `data[${i}]`);
  return data as QlikUser[];
}

/**
 * The next-page href, or undefined on the last page. Qlik's last page has no `next`, or `next: null`,
 * or `next.href` null or "": all mean the same.
 */
export function nextHref(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const links = body.links;
  if (links === undefined || links === null) return undefined;
  if (!isObject(links)) throw wrongShape(`links is ${describe(links)}, expected an object`);
  const next = links.next;
  if (next === undefined || next === null) return undefined;
  if (typeof next === 'string') return next === '' ? undefined : next;
  if (!isObject(next)) throw wrongShape(`links.next is ${describe(next)}, expected an object`);
  const href = next.href;
  if (href === undefined || href === null || href === '') return undefined;
  if (typeof href !== 'string') throw wrongShape(`links.next.href is ${describe(href)}, expected a string`);
  return href;
}
