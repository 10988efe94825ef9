// A local Qlik Cloud tenant for --demo, tests and benchmarks. It shares no code with the client
// in source/qlik (types only), so a misreading of the contract cannot hide on both sides.
import {isDeepStrictEqual} from 'node:util';
import type {QlikToken, QlikUser} from '../qlik/types.js';
import {AccessTokenStore} from './access-tokens.js';
import type {LastPageNext, RouteContext} from './context.js';
import {createCursorCodec} from './cursor.js';
import {restoreDataset, snapshotDataset, type DatasetSnapshot, type FeaturedUser} from './dataset.js';
import {FaultPlan, type FaultRule} from './faults.js';
import {DEFAULT_LIVE_INTERVAL_MS, liveTick, startLiveActivity, type LiveActivityDeps} from './live-activity.js';
import {MintLog, startLiveSession, type LiveSession, type MintedToken} from './live-session.js';
import {objectId, randomHex, streamFor} from './prng.js';
import {resolveRateLimits, SlidingWindowLimiter, type TierLimit} from './rate-limiter.js';
import {startHttpServer} from './server.js';
import {copyStats, emptyStats, type SimulatorStats} from './stats.js';
import {TenantState} from './tenant-state.js';

export type {FaultKind, FaultRule} from './faults.js';
export type {SimulatorStats} from './stats.js';
export type {LastPageNext} from './context.js';
export type {MintedToken} from './live-session.js';
export {DEFAULT_RATE_LIMITS} from './rate-limiter.js';

export type SimulatorOptions = {
  /** 0 = any free port (default). Always listens on 127.0.0.1. */
  port?: number;
  /** The clock of access-token expiry and of the rate limits (tests move it). Default Date.now. */
  now?: () => number;
  /** Default 'sim-client-id'. */
  clientId?: string;
  /** Default 'sim-client-secret'. */
  clientSecret?: string;
  /** The bot user's name. Default 'qlik-tokens simulator client'. */
  clientName?: string;
  /**
   * The scopes the OAuth client was given in the tenant. Default ['admin_classic', 'user_default'].
   * A token grants only the requested scopes the client holds (user_default when none): without
   * admin_classic the bot is no TenantAdmin, whatever the tool asks for.
   */
  clientScopes?: string[];
  /** Default 200 (plus the bot user). */
  users?: number;
  /** Default 5000, spread unevenly (some users none, some hundreds). */
  tokens?: number;
  /** Default 1. Same seed → identical users and tokens. */
  seed?: number;
  /** One more user, named, with this many tokens; the others are the same with or without it. */
  featured?: FeaturedUser;
  /**
   * The tenant made ahead (snapshotDataset) for exactly these seed, users, tokens, clientId,
   * clientName and featured options, instead of drawing it now; one made for other options is
   * refused.
   */
  dataset?: DatasetSnapshot;
  /** Epoch ms that generated `lastUsed` values are spread back from. Default: the start of the current hour. */
  referenceTime?: number;
  /** Default 21600. */
  accessTokenTtlSeconds?: number;
  /** Default tier1 {limit: 5000, windowMs: 300000}, tier2 {limit: 500, windowMs: 300000}; a missing tier keeps its default. */
  rateLimits?: false | {tier1?: TierLimit; tier2?: TierLimit};
  /** Random faults from a seeded stream. */
  faults?: {
    errorRate?: number;
    resetRate?: number;
    slowRate?: number;
    slowMs?: number;
    deleteAppliedButFailsRate?: number;
  };
  /** Added to every reply. Default 0. */
  latencyMs?: number;
  /** Tokens issued, used and expiring on their own. Default off; interval default 2000 ms. */
  live?: boolean | {intervalMs?: number};
  /**
   * A live session of one user at the identity provider: a new token for `userId` every `everyMs`
   * (the first one `everyMs` after the start), whatever is revoked. Default none.
   */
  mint?: {userId: string; everyMs: number};
  /** How oauth-tokens' last page says "no next": no key, {href: null} or {href: ""}. Default 'omit'. */
  lastPageNext?: LastPageNext;
};

export type Simulator = {
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  botUser: QlikUser;
  /** Closes the server and every socket (stalled ones too) and stops live activity. */
  stop(): Promise<void>;
  users(): QlikUser[];
  /** One user, or undefined. */
  user(id: string): QlikUser | undefined;
  /** The `featured` option's user, as it was made. */
  featuredUser: QlikUser | undefined;
  /** In list order: by userId, then id. */
  tokens(): QlikToken[];
  /** How many tokens each user holds (holders only). Cheap before anything has listed tokens. */
  tokenCounts(): Map<string, number>;
  hasToken(id: string): boolean;
  addUser(partial?: Partial<QlikUser>): QlikUser;
  addToken(userId: string, partial?: Partial<QlikToken>): QlikToken;
  /** Out of band, as when a token expires: false if there was no such token. */
  removeToken(id: string): boolean;
  inject(rule: FaultRule): void;
  clearFaults(): void;
  /** Every access token issued so far now answers 401. */
  expireAccessTokens(): void;
  setRateLimits(limits: SimulatorOptions['rateLimits']): void;
  /** Starts a live session minting a token for `userId` every `everyMs`; returns its stop (stop() stops it too). */
  startMinting(session: {userId: string; everyMs: number; onMint?: (token: QlikToken) => void}): () => void;
  /** Every token a live session minted, with when it was minted and when it went (epoch ms). */
  minted(): MintedToken[];
  /** Resolves once `predicate` holds for minted(): checked now and whenever a minted token comes or goes. */
  untilMinted(predicate: (minted: MintedToken[]) => boolean): Promise<void>;
  /** One step of live activity, whether or not `live` is on. */
  tickLiveActivity(): {issued: QlikToken[]; used: string[]; expired: string[]};
  stats(): SimulatorStats;
  resetStats(): void;
};

const HOUR_MS = 3_600_000;

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const clientId = options.clientId ?? 'sim-client-id';
  const clientSecret = options.clientSecret ?? 'sim-client-secret';
  const referenceTime = options.referenceTime ?? Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const datasetOptions = {
    seed,
    users: options.users ?? 200,
    tokens: options.tokens ?? 5000,
    clientId,
    clientName: options.clientName ?? 'qlik-tokens simulator client',
    ...(options.featured ? {featured: options.featured} : {}),
  };
  if (options.dataset && !isDeepStrictEqual(options.dataset.options, datasetOptions))
    throw new Error('simulator: the dataset given was made for other options');
  const snapshot = options.dataset ?? snapshotDataset(datasetOptions);
  const featuredUser = snapshot.featured && structuredClone(snapshot.featured.user);
  const state = new TenantState(restoreDataset(snapshot, referenceTime));
  const limiter = new SlidingWindowLimiter(resolveRateLimits(options.rateLimits));
  const faults = new FaultPlan(options.faults ?? {}, streamFor(seed, 'faults'));
  const accessTokens = new AccessTokenStore();
  let stats = emptyStats();
  const idRng = streamFor(seed, 'runtime-ids');
  const newId = (now: number): string => {
    let id: string;
    do id = objectId(idRng, now / 1000);
    while (state.getToken(id) || state.getUser(id));
    return id;
  };

  const server = await startHttpServer(
    options.port ?? 0,
    (origin): {ctx: RouteContext; faults: FaultPlan; latencyMs: () => number; stats: SimulatorStats} => ({
      ctx: {
        state,
        accessTokens,
        limiter,
        cursors: createCursorCodec(`qlik-tokens-simulator:${seed}`),
        origin,
        clientId,
        clientSecret,
        clientScopes: options.clientScopes ?? ['admin_classic', 'user_default'],
        accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 21600,
        lastPageNext: options.lastPageNext ?? 'omit',
        now: options.now ?? Date.now,
        onRateLimited: (tier) => {
          stats.rateLimited[tier === 1 ? 'tier1' : 'tier2']++;
        },
      },
      faults,
      latencyMs: () => options.latencyMs ?? 0,
      get stats() {
        return stats;
      },
    }),
  );
  const url = `http://127.0.0.1:${server.port}`;

  const liveDeps: LiveActivityDeps = {state, rng: streamFor(seed, 'live'), newTokenId: newId, now: Date.now};
  const stopLive = options.live
    ? startLiveActivity(
        liveDeps,
        (typeof options.live === 'object' ? options.live.intervalMs : undefined) ?? DEFAULT_LIVE_INTERVAL_MS,
      )
    : () => {};
  const mintLog = new MintLog();
  state.onRemoved = (token) => mintLog.gone(token.id, Date.now());
  const sessions = new Set<LiveSession>();
  const startMinting = (session: {
    userId: string;
    everyMs: number;
    onMint?: (token: QlikToken) => void;
  }): (() => void) => {
    const live = startLiveSession(
      {state, rng: streamFor(seed, `mint:${session.userId}`), newTokenId: newId, now: Date.now},
      mintLog,
      session,
    );
    sessions.add(live);
    return () => {
      live.stop();
      sessions.delete(live);
    };
  };
  if (options.mint) startMinting(options.mint);

  return {
    url,
    port: server.port,
    clientId,
    clientSecret,
    botUser: structuredClone(state.botUser),
    featuredUser,
    async stop() {
      stopLive();
      for (const session of sessions) session.stop();
      await server.close();
    },
    users: () => state.allUsers().map((user) => structuredClone(user)),
    user: (id) => {
      const user = state.getUser(id);
      return user && structuredClone(user);
    },
    tokens: () => state.tokensInOrder().map((token) => ({...token})),
    tokenCounts: () => state.tokenCountsByUser(),
    hasToken: (id) => state.getToken(id) !== undefined,
    addUser(partial = {}) {
      const now = Date.now();
      const id = partial.id ?? newId(now);
      if (state.getUser(id)) throw new Error(`simulator: user ${id} already exists`);
      const name = partial.name ?? `New User ${randomHex(idRng, 4)}`;
      const local =
        name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '.')
          .replace(/^\.|\.$/g, '') || 'user';
      const user: QlikUser = {
        id,
        tenantId: state.tenantId,
        subject: `auth0|${randomHex(idRng, 40)}`,
        name,
        email: `${local}@example.com`,
        status: 'active',
        assignedRoles: [],
        createdAt: new Date(now).toISOString(),
        lastUpdatedAt: new Date(now).toISOString(),
        ...partial,
      };
      state.putUser(user);
      return structuredClone(user);
    },
    addToken(userId, partial = {}) {
      if (!state.getUser(userId)) throw new Error(`simulator: no user ${userId}`);
      const now = Date.now();
      const token: QlikToken = {
        id: partial.id ?? newId(now),
        tenantId: state.tenantId,
        description: null,
        deviceType: null,
        lastUsed: null,
        ...partial,
        userId,
      };
      state.insertToken(token);
      return {...token};
    },
    removeToken: (id) => state.removeToken(id) !== undefined,
    inject: (rule) => faults.inject(rule),
    clearFaults: () => faults.clear(),
    expireAccessTokens: () => accessTokens.expireAll(),
    setRateLimits: (limits) => limiter.setLimits(resolveRateLimits(limits)),
    startMinting,
    minted: () => mintLog.list(),
    untilMinted: (predicate) => mintLog.until(predicate),
    tickLiveActivity: () => liveTick(liveDeps),
    stats: () => copyStats(stats),
    resetStats() {
      stats = emptyStats();
    },
  };
}
