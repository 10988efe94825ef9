// The generated tenant: users with realistic names and an uneven spread of OAuth tokens.
// Pure function of its options, so one seed always yields the same tenant.
import type {QlikToken, QlikUser} from '../qlik/types.js';
import {mulberry32, objectId, pick, randomHex, randomInt, streamFor, type ResumableRng, type Rng} from './prng.js';
import {DEVICES, FIRST_NAMES, LAST_NAMES, ROLES, SPECIAL_NAMES, asciiLocalPart} from './names.js';

export type DatasetOptions = {
  seed: number;
  users: number;
  tokens: number;
  clientId: string;
  clientName: string;
  /** Epoch ms that `lastUsed` values are spread back from. */
  referenceTime: number;
  /**
   * One more user, named, with this many tokens (the demo's compromised user). Drawn from a stream
   * of its own, so every other user and token is the same with or without it.
   */
  featured?: FeaturedUser;
};

export type FeaturedUser = {name: string; emailLocal: string; tokens: number};

export type Dataset = {
  tenantId: string;
  botUser: QlikUser;
  /** Sorted by id. */
  users: QlikUser[];
  /**
   * Sorted by (userId, id): the order oauth-tokens lists in. Made on first read — the costly part
   * of a tenant (20 ms of --demo's start for 4,000 tokens) waits until something lists tokens, and
   * comes out the same whenever that is: nothing else draws from the dataset's random stream.
   */
  readonly tokens: QlikToken[];
  /** How many tokens each user holds in `tokens` (users without any left out), known without making them. */
  tokenCounts: Map<string, number>;
};

/** Ids carry a creation time; anchoring them to a fixed date keeps them identical run after run. */
const ID_ANCHOR_SECONDS = Date.UTC(2026, 0, 1) / 1000;
const DAY_SECONDS = 86_400;
const DAY_MS = DAY_SECONDS * 1000;

/** The options a snapshot is made for: all of DatasetOptions but the reference time, which only tokens use. */
export type SnapshotOptions = Omit<DatasetOptions, 'referenceTime'>;

/**
 * A generated tenant before its first token: every user, how many tokens each will hold, and where
 * the random streams stand. Plain JSON, so it can be made ahead: the build makes the demo's
 * (scripts/build.mjs), and --demo's first start parses it instead of drawing 300 users and the
 * owners of 4,000 tokens. restoreDataset(snapshot, t) is exactly generateDataset of snapshot.options
 * with referenceTime t: generateDataset is made of the two.
 */
export type DatasetSnapshot = {
  options: SnapshotOptions;
  tenantId: string;
  botUser: QlikUser;
  /** In the order drawn. */
  people: QlikUser[];
  /** How many tokens people[i] will hold. */
  counts: number[];
  /** The dataset stream's state: the tokens are drawn from here. */
  rng: number;
  featured?: {user: QlikUser; count: number; rng: number};
};

export function generateDataset(options: DatasetOptions): Dataset {
  const {referenceTime, ...rest} = options;
  return restoreDataset(snapshotDataset(rest), referenceTime);
}

export function snapshotDataset(options: SnapshotOptions): DatasetSnapshot {
  const rng = streamFor(options.seed, 'dataset');
  const tenantId = tenantIdFrom(rng);
  const botUser: QlikUser = {
    id: objectId(rng, ID_ANCHOR_SECONDS - 400 * DAY_SECONDS),
    tenantId,
    subject: `qlikbot\\${options.clientId}`,
    name: options.clientName,
    clientId: options.clientId,
    status: 'active',
    assignedRoles: [{...ROLES[0]!}],
    createdAt: new Date((ID_ANCHOR_SECONDS - 400 * DAY_SECONDS) * 1000).toISOString(),
    lastUpdatedAt: new Date((ID_ANCHOR_SECONDS - 400 * DAY_SECONDS) * 1000).toISOString(),
  };
  const people = generateUsers(rng, tenantId, Math.max(0, Math.floor(options.users)));
  const counts = planTokens(rng, people.length, Math.max(0, Math.floor(options.tokens)));
  const featured = options.featured ? featuredUser(options.seed, tenantId, options.featured, people) : undefined;
  return {
    options,
    tenantId,
    botUser,
    people,
    counts,
    rng: rng.state(),
    ...(featured ? {featured: {user: featured.user, count: featured.count, rng: featured.rng.state()}} : {}),
  };
}

/** The dataset of a snapshot, with `lastUsed` values spread back from `referenceTime`. */
export function restoreDataset(snapshot: DatasetSnapshot, referenceTime: number): Dataset {
  const {tenantId, botUser, featured} = snapshot;
  const plan: TokenPlan = snapshot.people
    .map((user, index) => ({user, count: snapshot.counts[index] ?? 0}))
    .sort((a, b) => compareStrings(a.user.id, b.user.id));
  const users = [...snapshot.people, botUser, ...(featured ? [featured.user] : [])].sort((a, b) =>
    compareStrings(a.id, b.id),
  );
  const tokenCounts = new Map<string, number>();
  for (const {user, count} of plan) if (count > 0) tokenCounts.set(user.id, count);
  if (featured && featured.count > 0) tokenCounts.set(featured.user.id, featured.count);
  let tokens: QlikToken[] | undefined;
  const make = (): QlikToken[] => {
    const made = generateTokens(mulberry32(snapshot.rng), tenantId, plan, referenceTime);
    if (!featured || featured.count === 0) return made;
    const own = generateTokens(mulberry32(featured.rng), tenantId, [featured], referenceTime);
    return [...made, ...own].sort((a, b) => compareStrings(a.userId, b.userId) || compareStrings(a.id, b.id));
  };
  return {
    tenantId,
    botUser,
    users,
    get tokens() {
      return (tokens ??= make());
    },
    tokenCounts,
  };
}

function featuredUser(
  seed: number,
  tenantId: string,
  spec: FeaturedUser,
  people: readonly QlikUser[],
): {user: QlikUser; count: number; rng: ResumableRng} {
  const rng = streamFor(seed, 'featured-user');
  const [user] = generateUsers(rng, tenantId, 1);
  let email = `${spec.emailLocal}@example.com`;
  for (let n = 2; people.some((p) => p.email === email); n++) email = `${spec.emailLocal}${n}@example.com`;
  return {user: {...user!, name: spec.name, email, status: 'active'}, count: Math.max(0, Math.floor(spec.tokens)), rng};
}

function tenantIdFrom(rng: Rng): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < 32; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}

function generateUsers(rng: Rng, tenantId: string, count: number): QlikUser[] {
  const users: QlikUser[] = [];
  const emails = new Set<string>();
  for (let i = 0; i < count; i++) {
    const special = SPECIAL_NAMES[i];
    const first = pick(rng, FIRST_NAMES);
    const last = pick(rng, LAST_NAMES);
    const name = special ? special.name : `${first} ${last}`;
    const local = special ? special.emailLocal : `${asciiLocalPart(first)}.${asciiLocalPart(last)}`;
    let email = `${local}@example.com`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@example.com`;
    emails.add(email);
    const createdSeconds = ID_ANCHOR_SECONDS - randomInt(rng, 30, 900) * DAY_SECONDS - randomInt(rng, 0, DAY_SECONDS);
    const id = objectId(rng, createdSeconds);
    const subject = rng() < 0.6 ? `auth0|${randomHex(rng, 40)}` : `azuread\\${email.slice(0, email.indexOf('@'))}`;
    users.push({
      id,
      tenantId,
      subject,
      name,
      email,
      status: userStatus(rng),
      assignedRoles: userRoles(rng),
      createdAt: new Date(createdSeconds * 1000).toISOString(),
      lastUpdatedAt: new Date((createdSeconds + randomInt(rng, 0, 30 * DAY_SECONDS)) * 1000).toISOString(),
    });
  }
  return users;
}

function userStatus(rng: Rng): string {
  const r = rng();
  if (r < 0.88) return 'active';
  if (r < 0.93) return 'invited';
  if (r < 0.97) return 'disabled';
  return 'deleted';
}

function userRoles(rng: Rng): QlikUser['assignedRoles'] {
  const r = rng();
  if (r < 0.03) return [{...ROLES[0]!}];
  if (r < 0.08) return [{...ROLES[1]!}];
  if (r < 0.5) return [{...ROLES[2]!}, {...ROLES[3]!}];
  return [{...ROLES[3]!}];
}

type TokenPlan = {user: QlikUser; count: number}[];

/** How many tokens each of `people` users holds, in the order they were drawn. */
function planTokens(rng: Rng, people: number, count: number): number[] {
  const perUser = new Array<number>(people).fill(0);
  if (people === 0 || count === 0) return perUser;
  // Heavy tail: a quarter of the users hold no token, a few hold hundreds (shared kiosk and
  // service accounts are exactly the ones an incident responder has to clean up).
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < people; i++) {
    const weight = rng() < 0.25 ? 0 : Math.min(400, Math.pow(1 - rng(), -1.6));
    total += weight;
    cumulative.push(total);
  }
  if (total === 0) {
    cumulative.fill(1);
    total = 1;
  }
  for (let i = 0; i < count; i++) {
    perUser[lowerBound(cumulative, rng() * total)]!++;
  }
  return perUser;
}

function generateTokens(rng: Rng, tenantId: string, plan: TokenPlan, referenceTime: number): QlikToken[] {
  const tokens: QlikToken[] = [];
  for (const {user, count} of plan) {
    const mine: QlikToken[] = [];
    for (let n = count; n > 0; n--) mine.push(generateToken(rng, tenantId, user.id, referenceTime));
    mine.sort((a, b) => compareStrings(a.id, b.id));
    for (const token of mine) tokens.push(token);
  }
  return tokens;
}

function generateToken(rng: Rng, tenantId: string, userId: string, referenceTime: number): QlikToken {
  const createdSeconds = ID_ANCHOR_SECONDS - randomInt(rng, 0, 365 * DAY_SECONDS);
  const device = pick(rng, DEVICES);
  // Skewed towards recent use, spread over about six months; some tokens were never used.
  const lastUsed =
    rng() < 0.08 ? null : new Date(referenceTime - Math.floor(Math.pow(rng(), 3) * 180 * DAY_MS)).toISOString();
  return {
    id: objectId(rng, createdSeconds),
    tenantId,
    userId,
    description: device.description,
    deviceType: device.deviceType,
    lastUsed,
  };
}

function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
