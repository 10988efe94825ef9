// Everything a run needs to talk to a tenant: which profile (--profile, else the current one), the
// credentials after environment overrides, a client whose access token persists between runs, and
// whether this run may revoke anything. The commands and the UI both open their sessions here.
import {inspect} from 'node:util';
import {createQlikClient} from '../qlik/client.js';
import {normalizeTenantUrl} from '../qlik/tenant-url.js';
import type {ClientOptions, Credentials, QlikApi, QlikUser} from '../qlik/types.js';
import {DEFAULT_SCOPE} from './schema.js';
import {ProfileStoreError} from './errors.js';
import {hasAnyOverride, isCompleteOverride, missingVariables, readEnvOverrides} from './env-override.js';
import {openProfileStore, unknownProfile, type Profile, type ProfileStore} from './store.js';

/** What a session is opened from: the run's flags, its environment, and where warnings go. */
export type SessionContext = {
  global: {profile?: string; readonly: boolean};
  env: NodeJS.ProcessEnv;
  stderr: {write(text: string): unknown};
};

/** The tenant and secret of a session, told as soon as they are known (before any check can fail). */
export type CredentialsNotice = {tenantUrl?: string; secret?: string};

export type SessionOptions = {
  /** Instead of --profile / the current profile (e.g. `profiles test NAME`). */
  profileName?: string;
  /** An already opened store (the UI keeps one). */
  store?: ProfileStore;
  clientOptions?: ClientOptions;
  /** Told the tenant and the secret as soon as they are read, so error reports can name one and hide the other. */
  onCredentials?: (details: CredentialsNotice) => void;
};

export type Session = {
  /** undefined for a run on environment credentials only. */
  profileName: string | undefined;
  profile: Profile | undefined;
  /** Never print these: the object redacts its secret in JSON.stringify and util.inspect. */
  credentials: Credentials;
  client: QlikApi;
  /** --readonly, or the profile is marked read-only: no revocation. */
  readonly: boolean;
  store: ProfileStore;
  /** The QLIK_* variables that replaced profile fields in this run. */
  overriddenBy: string[];
  /** Remembers a user this run resolved (for the UI's "recent users"); nothing without a profile. */
  recordRecentUser(user: Pick<QlikUser, 'id' | 'name' | 'email'>): void;
  close(): Promise<void>;
};

export const NO_PROFILE_HELP =
  'no profile is configured. Add one with:\n' +
  '  qlik-tokens profiles add NAME --tenant https://TENANT.REGION.qlikcloud.com --client-id ID\n' +
  'or set QLIK_TENANT, QLIK_CLIENT_ID and QLIK_CLIENT_SECRET';

/** Credentials that cannot be printed by accident (a stray console.log, a JSON dump of a session). */
export function sealCredentials(credentials: Credentials): Credentials {
  const sealed = {...credentials};
  const redacted = (): Record<string, unknown> => ({...sealed, clientSecret: '***'});
  Object.defineProperty(sealed, 'toJSON', {value: redacted, enumerable: false});
  Object.defineProperty(sealed, inspect.custom, {value: () => redacted(), enumerable: false});
  return sealed;
}

/**
 * QLIK_TOKENS_REQUEST_TIMEOUT (documented): seconds one request may take in all, from sending it
 * to the last byte of the answer (default 30); e.g. 120 for a slow link, 5 to fail fast in a script.
 *
 * QLIK_TOKENS_TIMEOUT_MS: one number of milliseconds for the connect, headers, body and total
 * timeouts. Not in the user documentation on purpose: it exists so that tests can make a stalled
 * tenant fail in a second instead of the default 30 s.
 *
 * Anything but a positive number (a whole one for the milliseconds) is ignored.
 */
export function timeoutsFromEnv(env: NodeJS.ProcessEnv): Pick<ClientOptions, 'timeouts'> {
  const timeouts: NonNullable<ClientOptions['timeouts']> = {};
  const raw = env.QLIK_TOKENS_TIMEOUT_MS?.trim();
  if (raw !== undefined && /^\d+$/.test(raw) && Number(raw) > 0) {
    const ms = Number(raw);
    Object.assign(timeouts, {connect: ms, headers: ms, body: ms, total: ms});
  }
  const seconds = env.QLIK_TOKENS_REQUEST_TIMEOUT?.trim();
  if (seconds !== undefined && /^\d+(\.\d+)?$/.test(seconds) && Number(seconds) > 0)
    timeouts.total = Math.round(Number(seconds) * 1000);
  return Object.keys(timeouts).length > 0 ? {timeouts} : {};
}

export function openSession(ctx: SessionContext, options: SessionOptions = {}): Session {
  const store =
    options.store ??
    openProfileStore({
      env: ctx.env,
      onWarning: (message) => ctx.stderr.write(`${message}\n`),
    });
  const overrides = readEnvOverrides(ctx.env);
  const requested = options.profileName ?? ctx.global.profile;

  let profile: Profile | undefined;
  if (requested !== undefined) {
    profile = store.get(requested);
    if (!profile)
      throw unknownProfile(
        requested,
        store.list().map((p) => p.name),
      );
  } else {
    profile = store.current();
    if (!profile && !isCompleteOverride(overrides)) {
      const configured = store.list();
      if (configured.length > 0) {
        throw new ProfileStoreError(
          'no-profile',
          `no current profile: pick one with qlik-tokens profiles use NAME, or pass --profile NAME (profiles: ${configured.map((p) => p.name).join(', ')})`,
        );
      }
      const missing = missingVariables(overrides);
      const hint = hasAnyOverride(overrides) ? ` (missing: ${missing.join(', ')})` : '';
      throw new ProfileStoreError('no-profile', `${NO_PROFILE_HELP}${hint}`);
    }
  }

  const raw: Credentials = {
    tenantUrl: overrides.tenantUrl ?? profile?.tenantUrl ?? '',
    clientId: overrides.clientId ?? profile?.clientId ?? '',
    clientSecret: overrides.clientSecret ?? profile?.clientSecret ?? '',
    scope: profile?.scope ?? DEFAULT_SCOPE,
  };
  options.onCredentials?.({tenantUrl: raw.tenantUrl, secret: raw.clientSecret});
  const credentials = sealCredentials({...raw, tenantUrl: normalizeTenantUrl(raw.tenantUrl)});
  options.onCredentials?.({tenantUrl: credentials.tenantUrl});

  const overriddenBy = (
    [
      ['tenantUrl', 'QLIK_TENANT'],
      ['clientId', 'QLIK_CLIENT_ID'],
      ['clientSecret', 'QLIK_CLIENT_SECRET'],
    ] as const
  )
    .filter(([field]) => overrides[field] !== undefined)
    .map(([, variable]) => variable);

  // A profile's own token is cached in the profile. Once the environment changes any credential,
  // that token belongs to other credentials: such runs use a cache keyed by a hash of what they use.
  const tokenCache =
    profile && overriddenBy.length === 0 ? store.tokenCache(profile.name) : store.credentialsTokenCache(credentials);
  const client = createQlikClient(credentials, {...timeoutsFromEnv(ctx.env), ...options.clientOptions, tokenCache});
  const profileName = profile?.name;

  return {
    profileName,
    profile,
    credentials,
    client,
    readonly: ctx.global.readonly || profile?.readonly === true,
    store,
    overriddenBy,
    recordRecentUser(user) {
      if (profileName === undefined) return;
      try {
        store.addRecentUser(profileName, {id: user.id, name: user.name, email: user.email ?? undefined});
      } catch {
        // Recent users are a convenience: failing to record one must not fail the command.
      }
    },
    close: () => client.close(),
  };
}
