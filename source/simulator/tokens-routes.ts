// GET /api/v1/oauth-tokens and DELETE /api/v1/oauth-tokens/{id}.
import type {QlikToken} from '../qlik/types.js';
import type {Grant} from './access-tokens.js';
import type {RouteContext, SimRequest} from './context.js';
import {parseLimit} from './query-params.js';
import {badRequest, emptyReply, jsonReply, qlikError, type Reply} from './replies.js';
import type {TokenKey} from './tenant-state.js';

export function handleListTokens(ctx: RouteContext, req: SimRequest, grant: Grant): Reply {
  const params = req.url.searchParams;
  const limit = parseLimit(params.get('limit'), 20);
  if (typeof limit === 'string') return badRequest(limit);
  const sort = params.get('sort');
  // "+userId" sent unencoded arrives as " userId".
  if (sort !== null && !['userId', '+userId', ' userId'].includes(sort))
    return badRequest(`Unsupported sort "${sort}": only userId is supported.`);
  const requestedUser = params.get('userId') ?? undefined;

  const rawCursor = params.get('page');
  let cursor: {direction: 'next' | 'prev'; key: TokenKey} | undefined;
  if (rawCursor !== null) {
    cursor = decodeTokenCursor(ctx, rawCursor);
    if (!cursor) return badRequest('Invalid page cursor.');
  }

  // Without admin_classic the caller is an ordinary user: it sees its own tokens and nothing else.
  const visibleUser = grant.admin ? requestedUser : grant.userId;
  if (!grant.admin && requestedUser !== undefined && requestedUser !== grant.userId) {
    return listReply(ctx, req, params, limit, [], false, false);
  }
  const {state} = ctx;
  const [rangeStart, rangeEnd] = state.rangeOf(visibleUser);
  let start = rangeStart;
  let end = Math.min(rangeStart + limit, rangeEnd);
  if (cursor?.direction === 'next') {
    start = Math.max(rangeStart, state.upperBound(cursor.key));
    end = Math.max(start, Math.min(start + limit, rangeEnd));
  } else if (cursor?.direction === 'prev') {
    end = Math.min(rangeEnd, state.lowerBound(cursor.key));
    start = Math.max(rangeStart, end - limit);
    end = Math.max(start, end);
  }
  const page = state.tokensInOrder().slice(start, end);
  return listReply(ctx, req, params, limit, page, end < rangeEnd, start > rangeStart);
}

function listReply(
  ctx: RouteContext,
  req: SimRequest,
  params: URLSearchParams,
  limit: number,
  page: readonly QlikToken[],
  hasNext: boolean,
  hasPrev: boolean,
): Reply {
  const links: Record<string, {href: string | null}> = {self: {href: ctx.origin + req.url.pathname + req.url.search}};
  const last = page.at(-1);
  const first = page[0];
  if (hasNext && last) {
    links.next = {href: pageHref(ctx, params, limit, encodeTokenCursor(ctx, 'next', last))};
  } else if (ctx.lastPageNext === 'null') {
    links.next = {href: null};
  } else if (ctx.lastPageNext === 'empty') {
    links.next = {href: ''};
  }
  if (hasPrev && first) links.prev = {href: pageHref(ctx, params, limit, encodeTokenCursor(ctx, 'prev', first))};
  return jsonReply(200, {links, data: page.map((token) => ({...token}))});
}

function pageHref(ctx: RouteContext, params: URLSearchParams, limit: number, cursor: string): string {
  const out = new URLSearchParams();
  const userId = params.get('userId');
  if (userId !== null) out.set('userId', userId);
  if (params.get('sort') !== null) out.set('sort', 'userId');
  out.set('limit', String(limit));
  out.set('page', cursor);
  return `${ctx.origin}/api/v1/oauth-tokens?${out}`;
}

function encodeTokenCursor(ctx: RouteContext, direction: 'next' | 'prev', token: QlikToken): string {
  return ctx.cursors.encode({r: 'tokens', d: direction, u: token.userId, i: token.id});
}

function decodeTokenCursor(ctx: RouteContext, raw: string): {direction: 'next' | 'prev'; key: TokenKey} | undefined {
  const payload = ctx.cursors.decode(raw);
  if (!payload || payload.r !== 'tokens') return undefined;
  if ((payload.d !== 'next' && payload.d !== 'prev') || typeof payload.u !== 'string' || typeof payload.i !== 'string')
    return undefined;
  return {direction: payload.d, key: {userId: payload.u, id: payload.i}};
}

export function handleDeleteToken(ctx: RouteContext, _req: SimRequest, grant: Grant, tokenId: string): Reply {
  const token = ctx.state.getToken(tokenId);
  if (!token) return qlikError(404, 'OAUTH-TOKENS-404', 'Not found', `OAuth token "${tokenId}" was not found.`);
  if (!grant.admin && token.userId !== grant.userId) {
    return qlikError(
      403,
      'HTTP-403',
      'Forbidden',
      "Only a TenantAdmin (scope admin_classic) may revoke another user's token.",
    );
  }
  ctx.state.removeToken(tokenId);
  return emptyReply(204);
}
