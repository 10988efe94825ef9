// `--user ID|EMAIL|me`, shared by `tokens list` and `tokens revoke`: the same words find the same user.
import {QlikError} from '../qlik/errors.js';
import {scimString} from '../qlik/scim.js';
import type {QlikApi, QlikUser} from '../qlik/types.js';
import {cleanPastedId, safeText} from '../text/terminal-safe.js';

function describe(user: QlikUser): string {
  return `${safeText(user.id)}  ${safeText(user.name)}${user.email ? ` <${safeText(user.email)}>` : ''}${user.status ? ` (${safeText(user.status)})` : ''}`;
}

/** `me` → who the client acts as; `x@y` → the one user with exactly that email; else a user ID. */
export async function resolveUser(
  client: QlikApi,
  spec: string,
  options: {signal?: AbortSignal} = {},
): Promise<QlikUser> {
  const wanted = cleanPastedId(spec);
  if (wanted === '') throw new QlikError({kind: 'usage', message: '--user needs an ID, an email or "me"'});
  if (wanted.toLowerCase() === 'me') return client.whoami(options);

  if (wanted.includes('@')) {
    const found = await client.listUsers({...options, filter: `email eq ${scimString(wanted)}`, limit: 10});
    // SCIM `eq` is case-insensitive on Qlik; compare again so a tolerant server cannot widen it.
    const exact = found.filter((user) => (user.email ?? '').toLowerCase() === wanted.toLowerCase());
    if (exact.length === 1) return exact[0]!;
    if (exact.length > 1) {
      throw new QlikError({
        kind: 'usage',
        message: `${exact.length} users have the email ${safeText(wanted)}; pass one of their IDs instead:\n${exact.map((user) => `  ${describe(user)}`).join('\n')}`,
      });
    }
    let similar: QlikUser[] = [];
    try {
      similar = await client.searchUsers(wanted, {...options, limit: 5});
    } catch {
      // The suggestions are a courtesy; the answer is already "nobody".
    }
    const suggestions =
      similar.length > 0
        ? `\nusers whose name, email or subject contains it:\n${similar.map((user) => `  ${describe(user)}`).join('\n')}`
        : '';
    throw new QlikError({
      kind: 'not-found',
      status: 404,
      message: `no user has the email ${safeText(wanted)}${suggestions}`,
    });
  }

  try {
    return await client.getUser(wanted, options);
  } catch (error) {
    if (error instanceof QlikError && error.kind === 'not-found') {
      throw new QlikError({
        kind: 'not-found',
        status: 404,
        message: `no user has the ID ${safeText(wanted)} (to find one by name: qlik-tokens users search QUERY)`,
      });
    }
    throw error;
  }
}
