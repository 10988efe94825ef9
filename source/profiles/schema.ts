// The shape of config.json, as a JSON schema (checked by config-check.ts on every read and every
// write) and as TypeScript types. Bump CONFIG_VERSION and add a migration in migrations.ts to change it.
import type {AccessToken} from '../qlik/types.js';

/** The `version` field of config.json this build writes and understands. */
export const CONFIG_VERSION = 1;
/** conf's migrations are keyed by semver; ours follow the config version. */
export const CONFIG_PROJECT_VERSION = `${CONFIG_VERSION}.0.0`;

export const DEFAULT_SCOPE = 'admin_classic';
export const MAX_RECENT_USERS = 10;
/**
 * The longest ID, name or email a recent user keeps, in characters. They come from the tenant: a
 * 10 MB user name once made config.json 31 MB. A Qlik user ID is 24 characters and an email at
 * most 254; a longer ID is no Qlik ID and is not remembered at all (cut, it would name another).
 */
export const MAX_RECENT_FIELD = 256;
/** Names are used on the command line and as JSON keys: keep them plain. */
export const PROFILE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

export type RecentUser = {id: string; name?: string; email?: string; usedAt: string};

/** The access token as the client hands it over, with what it was issued for (see AccessToken). */
export type CachedAccessToken = AccessToken;

export type StoredProfile = {
  tenantUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  readonly?: boolean;
  /** Most recent first, at most MAX_RECENT_USERS. */
  recentUsers: RecentUser[];
  cachedAccessToken?: CachedAccessToken;
};

export type ConfigData = {
  version: number;
  currentProfile?: string;
  profiles: Record<string, StoredProfile>;
  /** Access tokens of runs whose credentials came (partly) from the environment, by credentials hash. */
  envTokenCache?: Record<string, CachedAccessToken>;
};

const cachedAccessTokenSchema = {
  type: 'object',
  required: ['accessToken', 'expiresAt'],
  additionalProperties: false,
  properties: {
    accessToken: {type: 'string', minLength: 1},
    expiresAt: {type: 'number'},
    scope: {type: 'string'},
    issuedAt: {type: 'number'},
    tenantUrl: {type: 'string'},
    clientId: {type: 'string'},
  },
} as const;

const profileSchema = {
  type: 'object',
  required: ['tenantUrl', 'clientId', 'clientSecret', 'scope', 'recentUsers'],
  additionalProperties: false,
  properties: {
    tenantUrl: {type: 'string', minLength: 1},
    clientId: {type: 'string', minLength: 1},
    clientSecret: {type: 'string', minLength: 1},
    scope: {type: 'string', minLength: 1},
    readonly: {type: 'boolean'},
    recentUsers: {
      type: 'array',
      maxItems: MAX_RECENT_USERS,
      items: {
        type: 'object',
        required: ['id', 'usedAt'],
        additionalProperties: false,
        properties: {
          id: {type: 'string', minLength: 1},
          name: {type: 'string'},
          email: {type: 'string'},
          usedAt: {type: 'string'},
        },
      },
    },
    cachedAccessToken: cachedAccessTokenSchema,
  },
} as const;

/** The whole of config.json. Only the keywords config-check.ts knows may be used here. */
export const configFileSchema = {
  type: 'object',
  required: ['version', 'profiles'],
  additionalProperties: false,
  properties: {
    version: {type: 'integer', const: CONFIG_VERSION},
    currentProfile: {type: 'string', pattern: PROFILE_NAME_PATTERN},
    profiles: {
      type: 'object',
      propertyNames: {pattern: PROFILE_NAME_PATTERN},
      additionalProperties: profileSchema,
    },
    envTokenCache: {type: 'object', additionalProperties: cachedAccessTokenSchema},
    // conf's own bookkeeping (the last migration that ran).
    __internal__: {type: 'object'},
  },
} as const;

export function emptyConfig(): ConfigData {
  return {version: CONFIG_VERSION, profiles: {}};
}

export function isValidProfileName(name: string): boolean {
  return new RegExp(PROFILE_NAME_PATTERN).test(name);
}
