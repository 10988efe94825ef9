// POST /oauth/token: the client-credentials grant, with both body encodings Qlik accepts, and
// Qlik's error shape (not RFC 6749's) for bad credentials.
import {scopeGrantsAdmin} from './access-tokens.js';
import type {RouteContext, SimRequest} from './context.js';
import {jsonReply, qlikError, rateLimited, type Reply} from './replies.js';

export function handleTokenRequest(ctx: RouteContext, req: SimRequest): Reply {
  const fields = parseBody(req);
  // Counted against the bot's tier-2 budget before the credentials are checked: a client that
  // retries a wrong secret in a loop gets throttled like any other.
  const clientIdField =
    typeof fields === 'object' && typeof fields.client_id === 'string' ? fields.client_id : undefined;
  const limitKey = clientIdField === ctx.clientId ? ctx.state.botUser.id : `client:${clientIdField ?? ''}`;
  const decision = ctx.limiter.take(limitKey, 2, ctx.now());
  if (!decision.allowed) {
    ctx.onRateLimited(2);
    return rateLimited(decision.retryAfterSeconds);
  }
  if (fields === 'unsupported')
    return qlikError(
      415,
      'HTTP-415',
      'Unsupported Media Type',
      'Send application/json or application/x-www-form-urlencoded.',
    );
  if (fields === undefined) return qlikError(400, 'OAUTH-2', 'Bad Request', 'The request body could not be parsed.');
  for (const name of ['client_id', 'client_secret', 'grant_type'] as const) {
    if (typeof fields[name] !== 'string' || fields[name] === '') {
      return qlikError(400, 'OAUTH-2', 'Bad Request', `Missing required parameter "${name}".`);
    }
  }
  if (fields.grant_type !== 'client_credentials') {
    return qlikError(
      400,
      'OAUTH-3',
      'Unsupported grant type',
      `grant_type "${String(fields.grant_type)}" is not supported by this client.`,
    );
  }
  if (fields.client_id !== ctx.clientId || fields.client_secret !== ctx.clientSecret) {
    return qlikError(401, 'OAUTH-1', 'Invalid client credentials', 'The client_id or client_secret is not valid.');
  }
  const requested =
    typeof fields.scope === 'string' && fields.scope.trim() !== ''
      ? fields.scope.trim().split(/\s+/)
      : ['user_default'];
  // How Qlik narrows a request to the client's scopes is UNCONFIRMED (qlik-cloud-api.md §1); the
  // simulator grants what both name and states it in `scope`, as RFC 6749 §3.3 allows.
  const granted = requested.filter((name) => ctx.clientScopes.includes(name));
  const scope = granted.length > 0 ? granted.join(' ') : 'user_default';
  const now = ctx.now();
  const expiresAt = now + ctx.accessTokenTtlSeconds * 1000;
  const accessToken = ctx.accessTokens.issue({
    userId: ctx.state.botUser.id,
    scope,
    admin: scopeGrantsAdmin(scope),
    expiresAt,
  });
  return jsonReply(
    200,
    {
      access_token: accessToken,
      scope,
      token_type: 'bearer',
      expires_at: new Date(expiresAt).toISOString(),
      expires_in: ctx.accessTokenTtlSeconds,
    },
    {'cache-control': 'no-store'},
  );
}

function parseBody(req: SimRequest): Record<string, unknown> | 'unsupported' | undefined {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type === 'application/json') {
    try {
      const value: unknown = JSON.parse(req.body);
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(req.body));
  return 'unsupported';
}
