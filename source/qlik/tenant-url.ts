// Operators paste tenant URLs in every form (bare host, trailing slash, /console/#hash, odd case,
// surrounding spaces). The client only ever talks to the origin.
import {isIP} from 'node:net';
import {QlikError} from './errors.js';

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

function usage(message: string): QlikError {
  return new QlikError({kind: 'usage', message});
}

/** 127.0.0.0/8, localhost and ::1 (with or without IPv6 brackets). */
export function isLoopbackHost(host: string): boolean {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1';
  return false;
}

/** The tenant's origin, e.g. `https://tenant.eu.qlikcloud.com`; QlikError kind `usage` otherwise. */
export function normalizeTenantUrl(input: string): string {
  const raw = typeof input === 'string' ? input.trim() : '';
  if (raw === '') throw usage('tenant URL is empty (expected e.g. https://tenant.eu.qlikcloud.com)');
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) throw usage('tenant URL contains spaces or control characters');

  const scheme = SCHEME.exec(raw);
  const withScheme = scheme ? raw : `https://${raw}`;
  if (scheme) {
    const name = scheme[1]!.toLowerCase();
    if (name !== 'http' && name !== 'https') {
      throw usage(`tenant URL must use https:// (got ${name}://)`);
    }
  }
  // Checked on the raw authority: WHATWG URL silently drops an empty "user@" part.
  const authority = withScheme.slice(withScheme.indexOf('//') + 2).split(/[/?#]/, 1)[0] ?? '';
  if (authority.includes('@')) {
    throw usage('tenant URL must not contain a user name or password (credentials go in the profile)');
  }

  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw usage('tenant URL is not a valid URL (expected e.g. https://tenant.eu.qlikcloud.com)');
  }
  const host = url.hostname;
  if (host === '') throw usage('tenant URL has no host name');
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  const loopback = isLoopbackHost(host);
  if (!loopback && isIP(bare) === 0 && !host.includes('.')) {
    throw usage(`"${host}" does not look like a tenant host (expected e.g. tenant.eu.qlikcloud.com)`);
  }
  if (url.protocol === 'http:' && !loopback) {
    throw usage(`tenant URL must use https:// (http:// is only accepted for 127.0.0.1, localhost and ::1)`);
  }
  return url.origin;
}

/** The host (with port, if any) of a normalised tenant origin, for headers and messages. */
export function tenantHost(origin: string): string {
  return new URL(origin).host;
}
