// SCIM (RFC 7644) filters for GET /api/v1/users. Values are JSON-style strings; anything a user
// types goes through scimString() so that `a" or name co "` stays data, never filter syntax.
import {QlikError} from './errors.js';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** `value` as a double-quoted SCIM string: `\` and `"` escaped; control characters rejected. */
export function scimString(value: string): string {
  if (typeof value !== 'string') throw new QlikError({kind: 'usage', message: 'SCIM filter value must be a string'});
  if (CONTROL.test(value)) {
    throw new QlikError({kind: 'usage', message: 'SCIM filter value contains control characters'});
  }
  return `"${value.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}

/**
 * Qlik's recommended user search: name, email or subject contains the query, or the id equals it.
 * A pasted ID often carries a newline or spaces around it: trimmed, and inner control characters
 * (a tab inside a pasted value) become spaces rather than an error.
 */
export function userSearchFilter(query: string): string {
  // Zero-width and bidi characters come along with text copied from web pages and chats; no name,
  // email or ID is found with them in it.
  const q = query
    .replace(/[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .trim();
  const v = scimString(q);
  return `name co ${v} or email co ${v} or subject co ${v} or id eq ${v}`;
}
