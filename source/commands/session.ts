// A command's session: the shared one (source/profiles/session.ts), with the tenant and the secret
// handed to the error reporter, so that any later failure names the host and never shows the secret.
import {
  openSession as openProfileSession,
  type Session,
  type SessionContext,
  type SessionOptions,
} from '../profiles/session.js';
import {rememberForErrors} from './report-error.js';

export {NO_PROFILE_HELP, sealCredentials, timeoutsFromEnv, type Session} from '../profiles/session.js';

export function openSession(ctx: SessionContext, options: Omit<SessionOptions, 'onCredentials'> = {}): Session {
  const session = openProfileSession(ctx, {...options, onCredentials: rememberForErrors});
  // Its access tokens are masked in every later message and line of output, like the secret.
  rememberForErrors({client: session.client});
  return session;
}
