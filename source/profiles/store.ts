// Credential profiles in one conf-managed JSON file (mode 0600 in a 0700 directory).
//
// conf does the atomic writes; this module adds what conf does not: the file is checked (symlink,
// JSON, version) before conf reads it and against its schema (config-check.ts) on every read and
// write, so a hand-broken file is reported and never reset; every change re-reads the file under a
// lock right before writing, so two processes cannot lose each other's profiles; looser file modes
// are fixed on every start.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import type {AccessToken, Credentials, TokenCache} from '../qlik/types.js';
import {schemaProblems} from './config-check.js';
import {ProfileStoreError} from './errors.js';
import {withFileLock} from './file-lock.js';
import {configVersionOf, migrations, v0Problem} from './migrations.js';
import {CONFIG_FILE_NAME, toolHome} from './paths.js';
import {
  CONFIG_PROJECT_VERSION,
  CONFIG_VERSION,
  DEFAULT_SCOPE,
  MAX_RECENT_FIELD,
  MAX_RECENT_USERS,
  configFileSchema,
  emptyConfig,
  isValidProfileName,
  type CachedAccessToken,
  type ConfigData,
  type RecentUser,
  type StoredProfile,
} from './schema.js';

export type Profile = StoredProfile & {name: string};

export type NewProfile = {
  name: string;
  tenantUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  readonly?: boolean;
  cachedAccessToken?: CachedAccessToken;
};

export type ProfilePatch = Partial<
  Pick<StoredProfile, 'tenantUrl' | 'clientId' | 'clientSecret' | 'scope' | 'readonly'>
>;

export type ProfileStore = {
  /** The config file (it may not exist yet: it is created by the first change). */
  readonly path: string;
  /** The directory of every file of the tool (QLIK_TOKENS_HOME or the platform default). */
  readonly home: string;
  list(): Profile[];
  get(name: string): Profile | undefined;
  current(): Profile | undefined;
  /** Makes `name` the current profile. */
  use(name: string): void;
  /** Adds a profile; the first one becomes current. */
  add(profile: NewProfile): Profile;
  /** Changing the tenant, client ID, secret or scope drops the cached access token. */
  update(name: string, patch: ProfilePatch): Profile;
  remove(name: string): void;
  addRecentUser(name: string, user: {id: string; name?: string | null; email?: string | null}): void;
  /** The access-token cache persisted in the profile. */
  tokenCache(name: string): TokenCache;
  /** A cache for runs whose credentials come from the environment, keyed by a hash of them. */
  credentialsTokenCache(credentials: Credentials): TokenCache;
};

export type OpenProfileStoreOptions = {
  env?: NodeJS.ProcessEnv;
  /** Where mode fixes are reported. Default: a line on stderr. */
  onWarning?: (message: string) => void;
};

const isWindows = process.platform === 'win32';

type Json = Record<string, unknown>;

function corrupt(file: string, problem: string): ProfileStoreError {
  return new ProfileStoreError(
    'corrupt',
    `the config file ${file} ${problem}. It was left untouched: fix or move it, then run again.`,
    file,
  );
}

/** Reads and checks config.json by hand before conf sees it: conf cannot be told to refuse a symlink, and must never get a chance to reset a broken file. */
function readRaw(file: string): Json | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw corrupt(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (stat.isSymbolicLink()) throw corrupt(file, 'is a symbolic link (refusing to follow it)');
  if (!stat.isFile()) throw corrupt(file, 'is not a regular file');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw corrupt(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (text.trim() === '') throw corrupt(file, 'is empty');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw corrupt(file, `is not valid JSON (${jsonProblem(error, text)})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw corrupt(file, 'does not hold a JSON object');
  const version = configVersionOf(data as Json);
  if (version === undefined) throw corrupt(file, 'has a "version" that is not a whole number');
  if (version > CONFIG_VERSION) {
    throw corrupt(
      file,
      `was written by a newer qlik-tokens (config version ${version}; this one understands up to ${CONFIG_VERSION})`,
    );
  }
  return data as Json;
}

/**
 * Where a JSON.parse failure is, without V8's excerpt: `Unexpected token 'S', ..."tSecret": S3CR3T-abc"...`
 * quotes the file around the error, and in this file that is often a client secret whose quotes a
 * hand edit lost. Only the kind of problem and its line and column are told.
 */
export function jsonProblem(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end of json input/i.test(message)) return 'it ends too early';
  const position = /at position (\d+)/.exec(message);
  const kind = message.startsWith('Unexpected token')
    ? 'unexpected character'
    : message.startsWith('Unterminated string')
      ? 'a string is not closed'
      : message.startsWith('Bad control character')
        ? 'a control character in a string'
        : 'syntax error';
  if (!position) return kind;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${kind} at line ${line}, column ${column}`;
}

function tightenMode(target: string, wanted: number, what: string, warn: (message: string) => void): void {
  if (isWindows) return;
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return;
  }
  // chmod follows symlinks: never change the mode of whatever a link points to.
  if (stat.isSymbolicLink()) return;
  const mode = stat.mode & 0o777;
  if ((mode & ~wanted) === 0) return;
  try {
    fs.chmodSync(target, wanted);
    warn(
      `warning: the ${what} ${target} had mode ${mode.toString(8).padStart(4, '0')}, readable by others; changed it to ${wanted.toString(8).padStart(4, '0')}`,
    );
  } catch (error) {
    warn(
      `warning: the ${what} ${target} has mode ${mode.toString(8).padStart(4, '0')} and could not be fixed: ${(error as Error).message}`,
    );
  }
}

// What the tool itself puts in its home: a directory holding only these (and not shared, not a
// mount point) is one the tool made, and its mode is the tool's to fix.
const TOOL_ENTRY = /^(config\.json(\.lock|\.v\d+\.bak)?|audit\.jsonl|cache)$/;

/**
 * Whether the tool may change `dir`'s mode. Its default home is its own. A QLIK_TOKENS_HOME is the
 * tool's only if it looks made by it: not sticky (the tool never sets the bit: /tmp and a tmpfs
 * root have it), not the root of a mount, and holding nothing but the tool's files. Anything else
 * is the operator's directory, whose mode and sticky bit are theirs: warned about, never changed.
 */
function homeIsTools(dir: string, isDefault: boolean): boolean {
  if (isDefault) return true;
  try {
    const stat = fs.lstatSync(dir);
    if ((stat.mode & 0o1000) !== 0) return false;
    if (fs.statSync(path.dirname(dir)).dev !== stat.dev) return false;
    const entries = fs.readdirSync(dir);
    return entries.length > 0 && entries.every((name) => TOOL_ENTRY.test(name));
  } catch {
    return false;
  }
}

function warnLooseHome(dir: string, warn: (message: string) => void): void {
  if (isWindows) return;
  let mode: number;
  try {
    mode = fs.lstatSync(dir).mode & 0o7777;
  } catch {
    return;
  }
  if ((mode & 0o077) === 0) return;
  warn(
    `warning: QLIK_TOKENS_HOME ${dir} has mode ${mode.toString(8).padStart(4, '0')}: others can see which files it holds${(mode & 0o022) !== 0 ? ' or add their own' : ''}. qlik-tokens did not create it, so its mode is left as it is; the files it writes there are private (0600)`,
  );
}

function hashCredentials(credentials: Credentials): string {
  return crypto
    .createHash('sha256')
    .update(
      [credentials.tenantUrl, credentials.clientId, credentials.scope ?? DEFAULT_SCOPE, credentials.clientSecret].join(
        '\0',
      ),
    )
    .digest('hex')
    .slice(0, 32);
}

const CACHED_OPTIONAL = ['scope', 'issuedAt', 'tenantUrl', 'clientId'] as const;

/** The fields of an access token the config keeps (and nothing else a caller's object may carry). */
function copyToken<T extends AccessToken | CachedAccessToken>(token: T): CachedAccessToken {
  const copy: CachedAccessToken = {accessToken: token.accessToken, expiresAt: token.expiresAt};
  for (const field of CACHED_OPTIONAL) if (token[field] !== undefined) Object.assign(copy, {[field]: token[field]});
  return copy;
}

const toCached = (token: AccessToken): CachedAccessToken => copyToken(token);
const fromCached = (cached: CachedAccessToken | undefined): AccessToken | undefined =>
  cached ? copyToken(cached) : undefined;

export function openProfileStore(options: OpenProfileStoreOptions = {}): ProfileStore {
  const env = options.env ?? process.env;
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`${message}\n`));
  const home = toolHome(env);
  const file = path.join(home, CONFIG_FILE_NAME);
  const lockFile = `${file}.lock`;

  const confOptions = {
    cwd: home,
    configName: 'config',
    fileExtension: 'json',
    projectSuffix: '',
    configFileMode: 0o600,
    // conf 15 already defaults to false; said explicitly because resetting would lose credentials.
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    // No `schema`: conf would compile it with Ajv on every start; config-check.ts checks instead.
  };

  const isDefaultHome = !(env.QLIK_TOKENS_HOME && env.QLIK_TOKENS_HOME.trim() !== '');
  let homeChecked = false;
  const checkHome = (): void => {
    if (homeChecked || !fs.existsSync(home)) return;
    homeChecked = true;
    if (homeIsTools(home, isDefaultHome)) tightenMode(home, 0o700, 'directory', warn);
    else warnLooseHome(home, warn);
  };
  checkHome();
  tightenMode(file, 0o600, 'config file', warn);

  const ensureHome = (): void => {
    try {
      // Made here, it is the tool's, and 0700 (mkdir applies the umask, which can only narrow it).
      if (fs.mkdirSync(home, {recursive: true, mode: 0o700}) !== undefined) homeChecked = true;
    } catch (error) {
      throw new ProfileStoreError('io', `cannot create the directory ${home}: ${(error as Error).message}`, file);
    }
    checkHome();
  };

  const migrateIfOld = (): void => {
    const raw = readRaw(file);
    if (!raw || configVersionOf(raw) === CONFIG_VERSION) return;
    const problem = v0Problem(raw);
    if (problem) throw corrupt(file, `has no usable shape: it ${problem}`);
    withFileLock(lockFile, () => {
      const original = fs.readFileSync(file);
      const again = readRaw(file);
      if (!again || configVersionOf(again) === CONFIG_VERSION) return;
      // Keep the old file beside the new one: a migration must never be the way profiles get lost.
      const backup = `${file}.v${configVersionOf(again)}.bak`;
      fs.writeFileSync(backup, original, {mode: 0o600});
      try {
        new Conf<Json>({...confOptions, migrations, projectVersion: CONFIG_PROJECT_VERSION} as never);
        const problems = schemaProblems(readRaw(file), configFileSchema);
        if (problems.length > 0) throw new Error(`the result does not have the expected shape: ${problems.join('; ')}`);
      } catch (error) {
        fs.writeFileSync(file, original, {mode: 0o600});
        throw corrupt(file, `could not be migrated (${(error as Error).message}); its original content is kept`);
      }
    });
  };

  migrateIfOld();
  // Built on first use, once the file exists or its directory has been created with mode 0700:
  // conf creates a missing directory itself, with the default (looser) mode. Without `migrations`
  // and `defaults`, constructing conf only reads and validates the file: it never writes.
  let conf: Conf<Json> | undefined;
  const getConf = (): Conf<Json> => {
    if (!conf) {
      try {
        // A missing file is created from `defaults`, by conf, at mode 0600. An existing file gets no
        // defaults: filling the gaps of a hand-broken file would be rewriting it.
        const defaults =
          readRaw(file) === undefined
            ? {defaults: {...emptyConfig(), __internal__: {migrations: {version: CONFIG_PROJECT_VERSION}}}}
            : {};
        conf = new Conf<Json>({...confOptions, ...defaults} as never);
      } catch (error) {
        throw corrupt(file, `cannot be used (${(error as Error).message})`);
      }
    }
    return conf;
  };

  const read = (): ConfigData => {
    const raw = readRaw(file);
    if (!raw) return emptyConfig();
    if (configVersionOf(raw) !== CONFIG_VERSION) throw corrupt(file, 'changed to an older format while in use');
    let stored: Json;
    try {
      stored = getConf().store as Json;
    } catch (error) {
      throw corrupt(file, `cannot be used (${(error as Error).message})`);
    }
    const problems = schemaProblems(stored, configFileSchema);
    if (problems.length > 0) throw corrupt(file, `does not have the expected shape (${problems.join('; ')})`);
    const {__internal__: _internal, ...data} = stored;
    return structuredClone(data) as unknown as ConfigData;
  };

  const change = <T>(mutate: (data: ConfigData) => T): T => {
    ensureHome();
    return withFileLock(lockFile, () => {
      // Re-read under the lock: another process may have written since we last looked.
      const data = read();
      const result = mutate(data);
      const next = {...(data as unknown as Json), __internal__: {migrations: {version: CONFIG_PROJECT_VERSION}}};
      const problems = schemaProblems(next, configFileSchema);
      if (problems.length > 0)
        throw new ProfileStoreError('invalid', `refusing to save an invalid profile: ${problems.join('; ')}`, file);
      try {
        getConf().store = next;
      } catch (error) {
        throw new ProfileStoreError('io', `cannot write ${file}: ${(error as Error).message}`, file);
      }
      return result;
    });
  };

  const withName = (name: string, profile: StoredProfile): Profile => ({name, ...profile});

  const mustGet = (data: ConfigData, name: string): StoredProfile => {
    const profile = data.profiles[name];
    if (!profile) throw unknownProfile(name, Object.keys(data.profiles));
    return profile;
  };

  const store: ProfileStore = {
    path: file,
    home,
    list() {
      const data = read();
      return Object.entries(data.profiles)
        .map(([name, profile]) => withName(name, profile))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    get(name) {
      const profile = read().profiles[name];
      return profile ? withName(name, profile) : undefined;
    },
    current() {
      const data = read();
      const name = data.currentProfile;
      const profile = name === undefined ? undefined : data.profiles[name];
      return name !== undefined && profile ? withName(name, profile) : undefined;
    },
    use(name) {
      change((data) => {
        mustGet(data, name);
        data.currentProfile = name;
      });
    },
    add(input) {
      if (!isValidProfileName(input.name)) {
        throw new ProfileStoreError(
          'invalid',
          `"${input.name}" is not a valid profile name: use letters, digits, ".", "_" and "-" (at most 64, starting with a letter or digit)`,
        );
      }
      return change((data) => {
        if (data.profiles[input.name])
          throw new ProfileStoreError(
            'exists',
            `a profile named "${input.name}" already exists (edit it with: qlik-tokens profiles edit ${input.name})`,
            file,
          );
        const profile: StoredProfile = {
          tenantUrl: input.tenantUrl,
          clientId: input.clientId,
          clientSecret: input.clientSecret,
          scope: input.scope || DEFAULT_SCOPE,
          ...(input.readonly ? {readonly: true} : {}),
          recentUsers: [],
          ...(input.cachedAccessToken ? {cachedAccessToken: copyToken(input.cachedAccessToken)} : {}),
        };
        data.profiles[input.name] = profile;
        if (data.currentProfile === undefined || !data.profiles[data.currentProfile]) data.currentProfile = input.name;
        return withName(input.name, profile);
      });
    },
    update(name, patch) {
      return change((data) => {
        const profile = mustGet(data, name);
        const credentialsChanged = (['tenantUrl', 'clientId', 'clientSecret', 'scope'] as const).some(
          (key) => patch[key] !== undefined && patch[key] !== profile[key],
        );
        for (const key of ['tenantUrl', 'clientId', 'clientSecret', 'scope'] as const) {
          const value = patch[key];
          if (value !== undefined) profile[key] = value;
        }
        if (patch.readonly !== undefined) {
          if (patch.readonly) profile.readonly = true;
          else delete profile.readonly;
        }
        // A token fetched with other credentials (or for another tenant) must not outlive them.
        if (credentialsChanged) delete profile.cachedAccessToken;
        return withName(name, profile);
      });
    },
    remove(name) {
      change((data) => {
        mustGet(data, name);
        delete data.profiles[name];
        if (data.currentProfile === name) delete data.currentProfile;
      });
    },
    addRecentUser(name, user) {
      if (typeof user.id !== 'string' || user.id === '' || user.id.length > MAX_RECENT_FIELD) return;
      change((data) => {
        const profile = data.profiles[name];
        // The profile may have been removed by another process meanwhile: nothing to record then.
        if (!profile) return;
        const entry: RecentUser = {
          id: user.id,
          ...(user.name ? {name: bounded(user.name)} : {}),
          ...(user.email ? {email: bounded(user.email)} : {}),
          usedAt: new Date().toISOString(),
        };
        profile.recentUsers = [entry, ...profile.recentUsers.filter((recent) => recent.id !== user.id)].slice(
          0,
          MAX_RECENT_USERS,
        );
      });
    },
    tokenCache(name) {
      return {
        load: () => fromCached(read().profiles[name]?.cachedAccessToken),
        save: (token) => {
          change((data) => {
            const profile = data.profiles[name];
            if (!profile) return;
            if (token) profile.cachedAccessToken = toCached(token);
            else delete profile.cachedAccessToken;
          });
        },
      };
    },
    credentialsTokenCache(credentials) {
      const key = hashCredentials(credentials);
      return {
        load: () => fromCached(read().envTokenCache?.[key]),
        save: (token) => {
          change((data) => {
            const now = Date.now();
            const cache = Object.fromEntries(
              Object.entries(data.envTokenCache ?? {}).filter(([, cached]) => cached.expiresAt > now),
            );
            if (token) cache[key] = toCached(token);
            else delete cache[key];
            if (Object.keys(cache).length > 0) data.envTokenCache = cache;
            else delete data.envTokenCache;
          });
        },
      };
    },
  };
  return store;
}

/** At most MAX_RECENT_FIELD characters, never ending in half a surrogate pair. */
function bounded(text: string): string {
  if (text.length <= MAX_RECENT_FIELD) return text;
  const cut = text.slice(0, MAX_RECENT_FIELD - 1);
  return `${/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

export function unknownProfile(name: string, existing: string[]): ProfileStoreError {
  const list =
    existing.length > 0
      ? `existing profiles: ${[...existing].sort().join(', ')}`
      : 'no profile is configured yet (add one with: qlik-tokens profiles add NAME --tenant URL --client-id ID)';
  return new ProfileStoreError('unknown-profile', `no profile named "${name}"; ${list}`);
}
