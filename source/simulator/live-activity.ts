// A tenant that moves while you watch it: tokens get issued, used and expire, so the live list in
// --demo visibly changes and listing tests meet inserts and deletes between pages.
import type {QlikToken} from '../qlik/types.js';
import {pick, type Rng} from './prng.js';
import {DEVICES} from './names.js';
import type {TenantState} from './tenant-state.js';

export type LiveActivityDeps = {
  state: TenantState;
  rng: Rng;
  newTokenId(now: number): string;
  now(): number;
};

export const DEFAULT_LIVE_INTERVAL_MS = 2000;

/** One tick of activity; exported so tests can drive it without waiting on a timer. */
export function liveTick(deps: LiveActivityDeps): {issued: QlikToken[]; used: string[]; expired: string[]} {
  const {state, rng} = deps;
  const now = deps.now();
  const issued: QlikToken[] = [];
  const used: string[] = [];
  const expired: string[] = [];
  const people = state.allUsers().filter((user) => user.id !== state.botUser.id && user.status === 'active');
  if (people.length > 0 && rng() < 0.6) {
    const user = pick(rng, people);
    const device = pick(rng, DEVICES);
    const token: QlikToken = {
      id: deps.newTokenId(now),
      tenantId: state.tenantId,
      userId: user.id,
      description: device.description,
      deviceType: device.deviceType,
      lastUsed: new Date(now).toISOString(),
    };
    state.insertToken(token);
    issued.push(token);
  }
  const touches = Math.min(state.tokenCount, 1 + Math.floor(rng() * 3));
  for (let i = 0; i < touches; i++) {
    const token = state.tokenAt(Math.floor(rng() * state.tokenCount));
    if (!token) continue;
    token.lastUsed = new Date(now).toISOString();
    used.push(token.id);
  }
  if (state.tokenCount > 0 && rng() < 0.3) {
    const token = state.tokenAt(Math.floor(rng() * state.tokenCount));
    if (token) {
      state.removeToken(token.id);
      expired.push(token.id);
    }
  }
  return {issued, used, expired};
}

export function startLiveActivity(deps: LiveActivityDeps, intervalMs: number): () => void {
  const timer = setInterval(() => liveTick(deps), intervalMs);
  // Never the reason a process stays alive.
  timer.unref();
  return () => clearInterval(timer);
}
