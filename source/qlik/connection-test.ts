// Proves a set of credentials: an access token, who the client acts as (/users/me), and whether it
// can see other users' tokens. A missing admin_classic scope is named as such, never left to look
// like a generic 403. Used by `profiles add|edit|test` (and the UI's profile form).
import {QlikError, isQlikError} from './errors.js';
import type {QlikApi, QlikUser} from './types.js';

export const ADMIN_SCOPE = 'admin_classic';

export type TokenAccess =
  /** The first page of the tenant-wide list came back. */
  | {ok: true; tokensSeen: number; otherUsersSeen: number}
  | {ok: false; kind: QlikError['kind']; status?: number; message: string};

export type ConnectionReport = {
  tenantUrl: string;
  clientId: string;
  /** The user the client acts as (a bot user for an M2M client). */
  user: QlikUser;
  /** The scope the token response granted, when the tenant says. */
  grantedScope: string | undefined;
  /** true/false when the granted scope is known, undefined when the tenant did not say. */
  hasAdminScope: boolean | undefined;
  tokenAccess: TokenAccess;
  /** Whether this client can list (and so revoke) other users' tokens. */
  canManageOthers: boolean;
  /** One sentence on the above, for humans. */
  verdict: string;
};

export async function testConnection(client: QlikApi): Promise<ConnectionReport> {
  const token = await client.getAccessToken();
  const user = await client.whoami();
  const grantedScope = token.scope;
  const hasAdminScope = grantedScope === undefined ? undefined : grantedScope.split(/[\s,]+/).includes(ADMIN_SCOPE);

  let tokenAccess: TokenAccess;
  // One page is proof enough; a tenant-wide walk could be hundreds of requests.
  const stop = new AbortController();
  let firstPage: Array<{userId: string}> | undefined;
  try {
    await client.listTokens({
      limit: 100,
      signal: stop.signal,
      onPage: (page) => {
        firstPage ??= page;
        stop.abort();
      },
    });
  } catch (error) {
    if (!(firstPage && isQlikError(error) && error.kind === 'cancelled')) {
      if (!isQlikError(error) || error.kind === 'auth' || error.kind === 'network' || error.kind === 'timeout')
        throw error;
      tokenAccess = {ok: false, kind: error.kind, status: error.status, message: error.message};
    }
  }
  tokenAccess ??= {
    ok: true,
    tokensSeen: firstPage?.length ?? 0,
    otherUsersSeen: new Set((firstPage ?? []).map((t) => t.userId).filter((id) => id !== user.id)).size,
  };

  const canManageOthers =
    tokenAccess.ok && hasAdminScope !== false && (hasAdminScope === true || tokenAccess.otherUsersSeen > 0);
  let verdict: string;
  if (hasAdminScope === false) {
    verdict = `missing the ${ADMIN_SCOPE} scope (granted: "${grantedScope}"): this client sees only its own tokens and cannot revoke other users' tokens. Give the OAuth client the ${ADMIN_SCOPE} scope and set the profile's scope to ${ADMIN_SCOPE}.`;
  } else if (!tokenAccess.ok) {
    verdict =
      tokenAccess.kind === 'forbidden'
        ? `cannot list tokens (HTTP ${tokenAccess.status ?? 403}): the client lacks the ${ADMIN_SCOPE} scope or the rights it needs`
        : `cannot list tokens: ${tokenAccess.message}`;
  } else if (canManageOthers) {
    verdict = `can list and revoke other users' tokens (scope ${grantedScope ?? 'not stated'}; ${tokenAccess.tokensSeen} tokens of ${tokenAccess.otherUsersSeen} other users on the first page)`;
  } else {
    verdict = `can list tokens, but saw none of other users and the tenant did not state the scope: make sure the OAuth client has the ${ADMIN_SCOPE} scope`;
  }
  return {
    tenantUrl: client.tenantUrl,
    clientId: client.clientId,
    user,
    grantedScope,
    hasAdminScope,
    tokenAccess,
    canManageOthers,
    verdict,
  };
}
