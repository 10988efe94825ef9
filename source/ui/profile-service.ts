// The profile store as the UI sees it: switch, add, edit, remove, test. main.tsx builds it from
// source/profiles and source/commands/session.ts; the demo has none.
import type {ConnectionReport} from '../qlik/connection-test.js';
import type {Credentials, QlikUser} from '../qlik/types.js';
import type {UiSession} from './tenant-session.js';

export type ProfileSummary = {
  name: string;
  tenantUrl: string;
  clientId: string;
  readonly: boolean;
  /** The saved default: what a later `qlik-tokens` (and every command without --profile) uses. */
  isDefault: boolean;
};

/** One profile's answer to a search of every profile. */
export type ProfileSearchAnswer = {profile: string; users: QlikUser[]} | {profile: string; error: string};

export type ProfileDraft = {name: string; tenantUrl: string; clientId: string; clientSecret: string};

export type ProfileService = {
  /** Where the profiles live, for messages. */
  path: string;
  list(): ProfileSummary[];
  /** Opens a session on the profile, for this run only: the saved default does not change. */
  open(name: string): UiSession;
  /** Makes the profile the saved default (`profiles use NAME`). */
  makeDefault(name: string): void;
  /** A draft's secret left empty keeps the stored one (editing). */
  save(draft: ProfileDraft, editing: string | undefined): void;
  remove(name: string): void;
  /** A live test of credentials: token, /users/me, one page of tokens. Throws QlikError. */
  test(credentials: Credentials): Promise<ConnectionReport>;
  /**
   * Searches every stored profile but `except` at once, each on its own client (its own tenant and
   * rate budget); a profile that fails answers with its error, the others still answer.
   */
  searchEverywhere(
    query: string,
    options: {signal?: AbortSignal; limit?: number; except?: string},
  ): Promise<ProfileSearchAnswer[]>;
  /** A stored profile's credentials (for tests and editing): the secret stays inside. */
  credentialsOf(name: string): Credentials | undefined;
};
