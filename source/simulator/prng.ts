// Seeded randomness: the same seed must give the same tenant, so demos, tests and benchmarks agree.

export type Rng = () => number;

/** A stream that can say where it stands: mulberry32(rng.state()) draws what `rng` would draw next. */
export type ResumableRng = Rng & {state(): number};

/** mulberry32: tiny, fast, and good enough for fake data (not for secrets). */
export function mulberry32(seed: number): ResumableRng {
  let state = seed >>> 0;
  const next = (() => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as ResumableRng;
  next.state = () => state;
  return next;
}

/**
 * Independent streams per purpose (data, faults, live activity): turning faults on must not
 * change which users and tokens a seed produces.
 */
export function streamFor(seed: number, purpose: string): ResumableRng {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < purpose.length; i++) {
    hash = Math.imul(hash ^ purpose.charCodeAt(i), 0x01000193);
  }
  return mulberry32(hash >>> 0);
}

export function randomInt(rng: Rng, min: number, maxInclusive: number): number {
  return min + Math.floor(rng() * (maxInclusive - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

export function randomHex(rng: Rng, length: number): string {
  // Eight hex digits per draw: generating 100,000 token ids stays in the tens of milliseconds.
  let out = '';
  while (out.length < length)
    out += Math.floor(rng() * 4294967296)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

/** A Mongo ObjectId lookalike: 8 hex of creation seconds, then 16 random hex. Qlik's ids look like this. */
export function objectId(rng: Rng, epochSeconds: number): string {
  return (Math.floor(epochSeconds) >>> 0).toString(16).padStart(8, '0') + randomHex(rng, 16);
}
