// The route table: which handler answers a method and path, in which rate tier, and whether it
// needs a bearer token. Authentication comes before the rate limit (an unauthenticated call has
// no user to charge), the rate limit before the handler.
import type {Grant} from './access-tokens.js';
import type {RouteContext, SimRequest} from './context.js';
import {qlikError, rateLimited, unauthorized, type Reply} from './replies.js';
import {handleTokenRequest} from './token-endpoint.js';
import {handleDeleteToken, handleListTokens} from './tokens-routes.js';
import {handleGetUser, handleListUsers, handleMe} from './users-routes.js';

export type Route = {
  /** For stats: method plus the path template, e.g. "DELETE /api/v1/oauth-tokens/{id}". */
  key: string;
  handle(ctx: RouteContext, req: SimRequest): Reply;
};

type ApiHandler = (ctx: RouteContext, req: SimRequest, grant: Grant, param: string) => Reply;

export function matchRoute(method: string, path: string): Route {
  if (path === '/oauth/token') {
    return method === 'POST'
      ? {key: 'POST /oauth/token', handle: handleTokenRequest}
      : methodNotAllowed(method, '/oauth/token', 'POST');
  }
  if (path === '/api/v1/users/me') return api(method, 'GET', '/api/v1/users/me', 1, handleMe, '');
  if (path === '/api/v1/users')
    return api(method, 'GET', '/api/v1/users', 1, (ctx, req) => handleListUsers(ctx, req), '');
  const user = /^\/api\/v1\/users\/([^/]+)$/.exec(path);
  if (user)
    return api(
      method,
      'GET',
      '/api/v1/users/{id}',
      1,
      (ctx, req, _grant, id) => handleGetUser(ctx, req, id),
      decode(user[1]!),
    );
  if (path === '/api/v1/oauth-tokens') return api(method, 'GET', '/api/v1/oauth-tokens', 1, handleListTokens, '');
  const token = /^\/api\/v1\/oauth-tokens\/([^/]+)$/.exec(path);
  if (token) return api(method, 'DELETE', '/api/v1/oauth-tokens/{id}', 2, handleDeleteToken, decode(token[1]!));
  return {
    key: `${method} (no route)`,
    handle: () => qlikError(404, 'HTTP-404', 'Not Found', `No route for ${method} ${path}.`),
  };
}

function api(
  method: string,
  expected: string,
  template: string,
  tier: 1 | 2,
  handler: ApiHandler,
  param: string,
): Route {
  if (method !== expected) return methodNotAllowed(method, template, expected);
  return {
    key: `${expected} ${template}`,
    handle(ctx, req) {
      const grant = authenticate(ctx, req);
      if (!grant) return unauthorized();
      const decision = ctx.limiter.take(grant.userId, tier, ctx.now());
      if (!decision.allowed) {
        ctx.onRateLimited(tier);
        return rateLimited(decision.retryAfterSeconds);
      }
      return handler(ctx, req, grant, param);
    },
  };
}

function methodNotAllowed(method: string, template: string, allowed: string): Route {
  return {
    key: `${method} ${template}`,
    handle: () =>
      qlikError(405, 'HTTP-405', 'Method Not Allowed', `${method} is not supported here; use ${allowed}.`, {
        allow: allowed,
      }),
  };
}

function authenticate(ctx: RouteContext, req: SimRequest): Grant | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? ctx.accessTokens.verify(match[1]!, ctx.now()) : undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
