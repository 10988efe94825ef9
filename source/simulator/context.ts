// Everything a route needs from the running simulator, in one object the server builds once.
import type {AccessTokenStore} from './access-tokens.js';
import type {CursorCodec} from './cursor.js';
import type {SlidingWindowLimiter} from './rate-limiter.js';
import type {TenantState} from './tenant-state.js';

export type LastPageNext = 'omit' | 'null' | 'empty';

export type RouteContext = {
  state: TenantState;
  accessTokens: AccessTokenStore;
  limiter: SlidingWindowLimiter;
  cursors: CursorCodec;
  /** http://127.0.0.1:PORT — links are absolute on the simulator's own origin. */
  origin: string;
  clientId: string;
  clientSecret: string;
  clientScopes: readonly string[];
  accessTokenTtlSeconds: number;
  lastPageNext: LastPageNext;
  now(): number;
  onRateLimited(tier: 1 | 2): void;
};

export type SimRequest = {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};
