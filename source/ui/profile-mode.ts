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
import type {ProfileService} from './profile-service.js';
import {createRevokeRunner} from './revoke-runner.js';
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
      auditFile: auditLogPath(env),
      subscribe: hub.subscribe,
    };
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
    remove: (name) => store.remove(name),
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
    await Promise.all([...sessions].map((s) => s.close().catch(() => {})));
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
