// What a screen needs to act on one tenant. main.tsx builds it from a profile, the environment or
// the in-process demo tenant; screens never see where it came from.
import type {ClientEvent, QlikApi, QlikUser} from '../qlik/types.js';
import type {WatchEvent, WatchResult} from '../revoke/index.js';

/** The run's flags that the UI reads (cli.tsx passes its parsed global flags). */
export type TuiFlags = {
  profile?: string;
  readonly: boolean;
  /** Live refresh period in seconds. */
  refresh: number;
  demo: boolean;
};

export type RecentUser = {id: string; name?: string; email?: string; usedAt?: string};

export type RevokeOutcomeKind = 'revoked' | 'already-gone' | 'failed' | 'not-tried';

export type RevokeOutcome = {tokenId: string; outcome: RevokeOutcomeKind; error?: string};

export type RevokeProgressEvent = {
  done: number;
  total: number;
  revoked: number;
  alreadyGone: number;
  failed: number;
  /** Epoch ms until which the engine holds every request: the tenant answered 429. */
  pausedUntil?: number;
};

/** A token to revoke and its owner as the listing said (the engine checks it against the run's user). */
export type RevokeTarget = {id: string; userId?: string | null};

export type RevokeRun = {
  tokens: readonly RevokeTarget[];
  /** The user whose list the tokens were picked from: a token of anyone else is never sent. */
  userId?: string;
  /** The count the operator saw or typed, to explain counts that differ. */
  confirmed?: number;
  /** All of the user's tokens: the engine lists again afterwards and reports any that appeared. */
  all?: boolean;
  signal: AbortSignal;
  onProgress: (progress: RevokeProgressEvent) => void;
};

/** Every revocation from the UI goes through the engine (and so into the audit log). */
export type RevokeRunner = (run: RevokeRun) => Promise<RevokeSummary>;

export type RevokeSummary = {
  outcomes: RevokeOutcome[];
  /** Tokens of the user that appeared during an "all" run. */
  appeared?: string[];
  /** Why the engine stopped early (credentials rejected, audit log unwritable). */
  stopped?: string;
  /** Tokens of other users the run was given or the tenant listed: never sent a DELETE. */
  foreign?: number;
  /** Why the counts differ from "every token confirmed was revoked" (the engine's explainCounts). */
  reasons?: string[];
};

export type WatchRun = {
  userId: string;
  durationMs: number;
  /** Token IDs the bulk run dealt with: not revoked again. */
  known: readonly string[];
  signal: AbortSignal;
  onEvent: (event: WatchEvent) => void;
};

/** Keeps revoking what a live session mints, through the engine (and so into the audit log). */
export type WatchRunner = (run: WatchRun) => Promise<WatchResult>;

export type UiSession = {
  client: QlikApi;
  profile: string;
  tenantUrl: string;
  readonly: boolean;
  demo: boolean;
  refreshSeconds: number;
  recentUsers: readonly RecentUser[];
  rememberUser?: (user: QlikUser) => void;
  revoke: RevokeRunner;
  /** The watch after `R` (absent: the summary offers none). */
  watch?: WatchRunner;
  /** The audit log this session's revocations go to (the audit screen reads it). */
  auditFile: string;
  /** Client events (requests, rate limits), for the header's throttle state. */
  subscribe: (listener: (event: ClientEvent) => void) => () => void;
};

/** A tiny event hub: the client takes one onEvent at creation, several hooks want to listen. */
export function createEventHub<E>(): {
  emit: (event: E) => void;
  subscribe: (listener: (event: E) => void) => () => void;
} {
  const listeners = new Set<(event: E) => void>();
  return {
    emit: (event) => {
      for (const listener of listeners) listener(event);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
