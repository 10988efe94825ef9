// A live session at the identity provider: one user whose browser (or stolen laptop) keeps
// minting OAuth tokens at an interval, whatever is revoked. What `tokens revoke --all --watch` is
// for. Each minted token is remembered with the time it was minted and the time it went, so a test
// or a benchmark can say how long a late token lived.
import type {QlikToken} from '../qlik/types.js';
import {pick, type Rng} from './prng.js';
import {DEVICES} from './names.js';
import type {TenantState} from './tenant-state.js';

export type MintedToken = {id: string; userId: string; mintedAt: number; goneAt?: number};

export type LiveSessionDeps = {
  state: TenantState;
  rng: Rng;
  newTokenId(now: number): string;
  now(): number;
};

export type LiveSession = {
  /** Mints one token now (also what the timer does). */
  mint(): QlikToken;
  stop(): void;
};

/** Every token minted by any session of this simulator, and when it went (revoked or expired). */
export class MintLog {
  readonly #minted = new Map<string, MintedToken>();
  readonly #waiters = new Set<() => void>();

  add(token: QlikToken, at: number): void {
    this.#minted.set(token.id, {id: token.id, userId: token.userId, mintedAt: at});
    this.#changed();
  }

  /** Called for every token that leaves the tenant: only minted ones are kept track of. */
  gone(id: string, at: number): void {
    const entry = this.#minted.get(id);
    if (entry && entry.goneAt === undefined) {
      entry.goneAt = at;
      this.#changed();
    }
  }

  /** Resolves once `predicate` holds for the log, checked now and on every mint and every going. */
  until(predicate: (minted: MintedToken[]) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!predicate(this.list())) return;
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
      check();
    });
  }

  #changed(): void {
    for (const check of [...this.#waiters]) check();
  }

  list(): MintedToken[] {
    return [...this.#minted.values()].map((entry) => ({...entry}));
  }
}

export function startLiveSession(
  deps: LiveSessionDeps,
  log: MintLog,
  {userId, everyMs, onMint}: {userId: string; everyMs: number; onMint?: (token: QlikToken) => void},
): LiveSession {
  if (!deps.state.getUser(userId)) throw new Error(`simulator: no user ${userId} to mint tokens for`);
  if (!(everyMs > 0)) throw new RangeError('a live session mints at an interval > 0 ms');
  const mint = (): QlikToken => {
    const now = deps.now();
    const device = pick(deps.rng, DEVICES);
    const token: QlikToken = {
      id: deps.newTokenId(now),
      tenantId: deps.state.tenantId,
      userId,
      description: device.description,
      deviceType: device.deviceType,
      lastUsed: new Date(now).toISOString(),
    };
    deps.state.insertToken(token);
    log.add(token, now);
    onMint?.({...token});
    return {...token};
  };
  const timer = setInterval(mint, everyMs);
  // Never the reason a process stays alive.
  timer.unref();
  return {mint, stop: () => clearInterval(timer)};
}
