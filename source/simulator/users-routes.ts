// GET /api/v1/users/me (301), /api/v1/users/{id} and /api/v1/users (SCIM filter, sort, keyset
// cursors in both directions).
import type {QlikUser} from '../qlik/types.js';
import type {Grant} from './access-tokens.js';
import type {RouteContext, SimRequest} from './context.js';
import {compareStrings} from './dataset.js';
import {parseLimit} from './query-params.js';
import {badRequest, emptyReply, jsonReply, qlikError, type Reply} from './replies.js';
import {matchesScimFilter, parseScimFilter, ScimFilterError, type ScimNode} from './scim-filter.js';

export function handleMe(_ctx: RouteContext, _req: SimRequest, grant: Grant): Reply {
  // Qlik answers with a redirect, not the user: clients that do not follow it must cope.
  return emptyReply(301, {location: `/api/v1/users/${grant.userId}`});
}

export function handleGetUser(ctx: RouteContext, _req: SimRequest, userId: string): Reply {
  const user = ctx.state.getUser(userId);
  if (!user) return qlikError(404, 'USERS-7', 'Not found', `User "${userId}" was not found.`);
  return jsonReply(200, presentUser(ctx, user));
}

type SortField = 'name' | 'email' | 'createdAt';
type Sort = {field: SortField; descending: boolean};

export function handleListUsers(ctx: RouteContext, req: SimRequest): Reply {
  const params = req.url.searchParams;
  const limit = parseLimit(params.get('limit'), 20);
  if (typeof limit === 'string') return badRequest(limit);
  const sort = parseSort(params.get('sort'));
  if (!sort)
    return badRequest(
      `Unsupported sort "${params.get('sort')}": use name, email or createdAt, optionally prefixed with + or -.`,
    );
  const totalResultsParam = params.get('totalResults');
  if (totalResultsParam !== null && totalResultsParam !== 'true' && totalResultsParam !== 'false') {
    return badRequest('totalResults must be true or false.');
  }
  const nextCursor = params.get('next');
  const prevCursor = params.get('prev');
  if (nextCursor !== null && prevCursor !== null) return badRequest('Use either next or prev, not both.');

  let filter: ScimNode | undefined;
  const filterText = params.get('filter');
  if (filterText !== null && filterText.trim() !== '') {
    try {
      filter = parseScimFilter(filterText);
    } catch (error) {
      if (error instanceof ScimFilterError)
        return badRequest(`Invalid filter at position ${error.position}: ${error.message}.`, 'USERS-1');
      throw error;
    }
  }

  const compare = comparatorFor(sort);
  const matching = ctx.state
    .allUsers()
    .filter((user) => !filter || matchesScimFilter(filter, user))
    .sort(compare);

  let start = 0;
  let end = Math.min(limit, matching.length);
  const raw = nextCursor ?? prevCursor;
  if (raw !== null) {
    const key = decodeUserCursor(ctx, raw, sortName(sort));
    if (!key) return badRequest('Invalid cursor.');
    const probe = {sortValue: key.value, id: key.id};
    if (nextCursor !== null) {
      start = firstIndex(matching, (user) => compareToKey(sort, user, probe) > 0);
      end = Math.min(start + limit, matching.length);
    } else {
      end = firstIndex(matching, (user) => compareToKey(sort, user, probe) >= 0);
      start = Math.max(0, end - limit);
    }
  }
  const page = matching.slice(start, end);
  const fields = params.get('fields');
  const data = page.map((user) => project(presentUser(ctx, user), fields));

  const links: Record<string, {href: string}> = {self: {href: ctx.origin + req.url.pathname + req.url.search}};
  const first = page[0];
  const last = page.at(-1);
  if (last && end < matching.length)
    links.next = {href: pageHref(ctx, params, 'next', encodeUserCursor(ctx, sort, last))};
  if (first && start > 0) links.prev = {href: pageHref(ctx, params, 'prev', encodeUserCursor(ctx, sort, first))};
  const body: Record<string, unknown> = {data, links};
  if (totalResultsParam === 'true') body.totalResults = matching.length;
  return jsonReply(200, body);
}

export function presentUser(ctx: RouteContext, user: QlikUser): QlikUser {
  return {...structuredClone(user), links: {self: {href: `${ctx.origin}/api/v1/users/${user.id}`}}};
}

function parseSort(raw: string | null): Sort | undefined {
  if (raw === null || raw === '') return {field: 'name', descending: false};
  // A "+" sent unencoded in a query string arrives as a space.
  const match = /^([+ -]?)(name|email|createdAt)$/i.exec(raw);
  if (!match) return undefined;
  const field = (['name', 'email', 'createdAt'] as const).find((f) => f.toLowerCase() === match[2]!.toLowerCase())!;
  return {field, descending: match[1] === '-'};
}

function sortName(sort: Sort): string {
  return `${sort.descending ? '-' : '+'}${sort.field}`;
}

function sortValue(user: QlikUser, field: SortField): string {
  const value = user[field];
  return typeof value === 'string' ? value.toLowerCase() : '';
}

function comparatorFor(sort: Sort): (a: QlikUser, b: QlikUser) => number {
  return (a, b) => compareToKey(sort, a, {sortValue: sortValue(b, sort.field), id: b.id});
}

/** Order by the sort field, then by id so that equal names still have one stable order. */
function compareToKey(sort: Sort, user: QlikUser, key: {sortValue: string; id: string}): number {
  const byValue = compareStrings(sortValue(user, sort.field), key.sortValue);
  const result = byValue || compareStrings(user.id, key.id);
  return sort.descending ? -result : result;
}

function firstIndex<T>(sorted: T[], predicate: (item: T) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (predicate(sorted[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function encodeUserCursor(ctx: RouteContext, sort: Sort, user: QlikUser): string {
  return ctx.cursors.encode({r: 'users', s: sortName(sort), v: sortValue(user, sort.field), i: user.id});
}

function decodeUserCursor(ctx: RouteContext, raw: string, sort: string): {value: string; id: string} | undefined {
  const payload = ctx.cursors.decode(raw);
  if (!payload || payload.r !== 'users' || payload.s !== sort) return undefined;
  if (typeof payload.v !== 'string' || typeof payload.i !== 'string') return undefined;
  return {value: payload.v, id: payload.i};
}

function pageHref(ctx: RouteContext, params: URLSearchParams, direction: 'next' | 'prev', cursor: string): string {
  const out = new URLSearchParams();
  for (const [name, value] of params) if (name !== 'next' && name !== 'prev') out.append(name, value);
  out.set(direction, cursor);
  return `${ctx.origin}/api/v1/users?${out}`;
}

function project(user: QlikUser, fields: string | null): QlikUser {
  if (fields === null || fields.trim() === '') return user;
  const wanted = new Set(fields.split(',').map((field) => field.trim()));
  wanted.add('id');
  return Object.fromEntries(Object.entries(user).filter(([name]) => wanted.has(name))) as QlikUser;
}
