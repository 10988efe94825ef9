// A run on stored profiles (or on QLIK_* environment credentials): the sessions, and the profile
// store as the profiles screen and the setup form use it.
import {testConnection} from '../qlik/connection-test.js';
import {openSession, type Session} from '../profiles/session.js';
import {ProfileStoreError} from '../profiles/errors.js';
import type {ProfileStore} from '../profiles/store.js';
import {createQlikClient} from '../qlik/client.js';
import type {ClientEvent} from '../qlik/types.js';
import {auditLogPath} from '../revoke/audit.js';
import type {Screen} from './app.js';
import {hasAnyOverride, readEnvOverrides} from '../profiles/env-override.js';
import {describeError} from './describe-error.js';
import type {ProfileSearchAnswer, ProfileService} from './profile-service.js';
import {createRevokeRunner, createWatchRunner} from './revoke-runner.js';
import {createEventHub, type TuiFlags, type UiSession} from './tenant-session.js';

export type Started = {
  session: UiSession | undefined;
  profiles: ProfileService | undefined;
  start: Screen;
  notice?: string;
  stop: () => Promise<void>;
};

export function profileMode(global: TuiFlags, env: NodeJS.ProcessEnv, store: ProfileStore): Started {
  const hub = createEventHub<ClientEvent>();
  const ctx = {global, env, stderr: process.stderr};
  const sessions = new Set<Session>();
  const toUi = (s: Session): UiSession => {
    sessions.add(s);
    const profile = s.profileName ?? 'environment';
    // Read once and after each change, not per access: the picker reads this on every render and
    // key, and a store read is two file reads, a parse and a schema check — one that can throw if
    // the file is edited meanwhile, which in a render would take the whole UI down.
    const readRecent = () => {
      try {
        return s.profileName ? (store.get(s.profileName)?.recentUsers ?? []) : [];
      } catch {
        return [];
      }
    };
    let recentUsers = readRecent();
    return {
      client: s.client,
      profile,
      tenantUrl: s.credentials.tenantUrl,
      readonly: s.readonly,
      demo: false,
      refreshSeconds: global.refresh,
      get recentUsers() {
        return recentUsers;
      },
      rememberUser: (user) => {
        s.recordRecentUser(user);
        recentUsers = readRecent();
      },
      revoke: createRevokeRunner({client: s.client, profile, auditFile: auditLogPath(env)}),
      watch: createWatchRunner({client: s.client, profile, auditFile: auditLogPath(env)}),
      auditFile: auditLogPath(env),
      subscribe: hub.subscribe,
    };
  };
  // The every-profile search's sessions, one per profile, kept for the run: each keeps its access
  // token, so a second search spends no token request. Dropped when the profile changes.
  const searchSessions = new Map<string, Session>();
  const dropSearchSession = (name: string) => {
    const cached = searchSessions.get(name);
    searchSessions.delete(name);
    void cached?.close().catch(() => {});
  };
  const searchSession = (name: string): Session => {
    let cached = searchSessions.get(name);
    if (!cached) {
      cached = openSession(ctx, {store, profileName: name});
      searchSessions.set(name, cached);
    }
    return cached;
  };
  const open = (profileName?: string) =>
    toUi(openSession(ctx, {store, ...(profileName ? {profileName} : {}), clientOptions: {onEvent: hub.emit}}));

  const profiles: ProfileService = {
    path: store.path,
    list: () => {
      const current = store.current()?.name;
      return store.list().map((p) => ({
        name: p.name,
        tenantUrl: p.tenantUrl,
        clientId: p.clientId,
        readonly: p.readonly === true,
        isDefault: p.name === current,
      }));
    },
    open: (name) => open(name),
    makeDefault: (name) => store.use(name),
    save: (draft, editing) => {
      if (editing) dropSearchSession(editing);
      if (editing)
        store.update(editing, {
          tenantUrl: draft.tenantUrl,
          clientId: draft.clientId,
          ...(draft.clientSecret ? {clientSecret: draft.clientSecret} : {}),
        });
      else
        store.add({
          name: draft.name,
          tenantUrl: draft.tenantUrl,
          clientId: draft.clientId,
          clientSecret: draft.clientSecret,
        });
    },
    remove: (name) => {
      dropSearchSession(name);
      store.remove(name);
    },
    searchEverywhere: async (query, {signal, limit = 50, except}) => {
      // QLIK_* variables override whichever profile a session opens: every profile would be one tenant.
      if (hasAnyOverride(readEnvOverrides(env)))
        throw new Error(
          'Searching every profile uses the stored profiles: unset QLIK_TENANT, QLIK_CLIENT_ID and QLIK_CLIENT_SECRET.',
        );
      const names = store
        .list()
        .map((p) => p.name)
        .filter((name) => name !== except);
      return Promise.all(
        names.map(async (profile): Promise<ProfileSearchAnswer> => {
          try {
            return {profile, users: await searchSession(profile).client.searchUsers(query, {signal, limit})};
          } catch (error) {
            return {profile, error: describeError(error)};
          }
        }),
      );
    },
    test: async (credentials) => {
      const client = createQlikClient(credentials, {retries: 1});
      try {
        return await testConnection(client);
      } finally {
        await client.close().catch(() => {});
      }
    },
    credentialsOf: (name) => {
      const p = store.get(name);
      return p
        ? {tenantUrl: p.tenantUrl, clientId: p.clientId, clientSecret: p.clientSecret, scope: p.scope}
        : undefined;
    },
  };
  const stop = async () => {
    await Promise.all([...sessions, ...searchSessions.values()].map((s) => s.close().catch(() => {})));
  };

  try {
    return {session: open(global.profile), profiles, start: {name: 'picker'}, stop};
  } catch (error) {
    if (error instanceof ProfileStoreError && error.kind === 'no-profile') {
      if (store.list().length === 0) return {session: undefined, profiles, start: {name: 'form', mode: 'setup'}, stop};
      return {session: undefined, profiles, start: {name: 'profiles'}, notice: error.message, stop};
    }
    throw error;
  }
}
