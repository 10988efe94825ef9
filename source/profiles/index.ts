// The public face of the profile store, for the commands and the UI.
export {
  openProfileStore,
  unknownProfile,
  type Profile,
  type NewProfile,
  type ProfilePatch,
  type ProfileStore,
  type OpenProfileStoreOptions,
} from './store.js';
export {ProfileStoreError, type ProfileStoreErrorKind} from './errors.js';
export {
  DEFAULT_SCOPE,
  MAX_RECENT_USERS,
  CONFIG_VERSION,
  isValidProfileName,
  type RecentUser,
  type CachedAccessToken,
  type StoredProfile,
} from './schema.js';
export {
  readEnvOverrides,
  isCompleteOverride,
  hasAnyOverride,
  missingVariables,
  type EnvOverrides,
} from './env-override.js';
export {toolHome, configPath} from './paths.js';
