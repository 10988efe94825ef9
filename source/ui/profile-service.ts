// The profile store as the UI sees it: switch, add, edit, remove, test. main.tsx builds it from
// source/profiles and source/commands/session.ts; the demo has none.
import type {ConnectionReport} from '../qlik/connection-test.js';
import type {Credentials} from '../qlik/types.js';
import type {UiSession} from './session.js';

export type ProfileSummary = {name: string; tenantUrl: string; clientId: string; readonly: boolean; current: boolean};

export type ProfileDraft = {name: string; tenantUrl: string; clientId: string; clientSecret: string};

export type ProfileService = {
  /** Where the profiles live, for messages. */
  path: string;
  list(): ProfileSummary[];
  /** Makes the profile current and opens a session on it. */
  switchTo(name: string): UiSession;
  /** A draft's secret left empty keeps the stored one (editing). */
  save(draft: ProfileDraft, editing: string | undefined): void;
  remove(name: string): void;
  /** A live test of credentials: token, /users/me, one page of tokens. Throws QlikError. */
  test(credentials: Credentials): Promise<ConnectionReport>;
  /** A stored profile's credentials (for tests and editing): the secret stays inside. */
  credentialsOf(name: string): Credentials | undefined;
};
