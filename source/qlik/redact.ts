// Masks credentials in text meant for a person or a file. Not only whole copies: a tenant that
// quotes the client secret (or an access token) near the end of an error excerpt leaves a partial
// copy once the excerpt is cut, and an operator's terminal or a CI log must never show a piece of
// it long enough to narrow a search. So every run of characters that belongs to an 8-character
// piece of a secret becomes `***`, wherever it stands.
//
// A rolling hash over 8 UTF-16 units finds candidate pieces in one pass (an exact comparison
// confirms each hit), so masking stays linear in the text: it runs on every table and JSON
// document the commands print, which can be 100,000 tokens.

/** The shortest piece of a secret that is masked on its own. */
export const SECRET_PIECE = 8;
/** Shorter secrets are masked only as whole copies; shorter than this, not at all (they would shred words). */
const MIN_SECRET = 6;

const BASE = 0x01000193;
// BASE^(SECRET_PIECE-1) mod 2^32, to take the leaving character out of the rolling hash.
const BASE_HIGH = (() => {
  let power = 1;
  for (let i = 1; i < SECRET_PIECE; i++) power = Math.imul(power, BASE);
  return power;
})();

function pieceHash(text: string, start: number): number {
  let hash = 0;
  for (let i = start; i < start + SECRET_PIECE; i++) hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) | 0;
  return hash;
}

export type Redactor = {
  /** `text` with every piece of a secret replaced by `***` (the same string when there is none). */
  (text: string): string;
  /** Whether there is anything to mask at all. */
  readonly empty: boolean;
};

/** A masking function for these secrets, prepared once (pieces hashed) for many texts. */
export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  const pieces = new Map<number, string[]>();
  // A 64 K-entry table of the hashes' low bits: almost every position of ordinary text is
  // rejected by one array read, without a Map lookup.
  const maybe = new Uint8Array(0x10000);
  const whole: string[] = [];
  for (const secret of new Set(secrets)) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET) continue;
    if (secret.length < SECRET_PIECE) {
      whole.push(secret);
      continue;
    }
    for (let i = 0; i + SECRET_PIECE <= secret.length; i++) {
      const piece = secret.slice(i, i + SECRET_PIECE);
      const hash = pieceHash(piece, 0);
      maybe[hash & 0xffff] = 1;
      const bucket = pieces.get(hash);
      if (!bucket) pieces.set(hash, [piece]);
      else if (!bucket.includes(piece)) bucket.push(piece);
    }
  }
  const redactor = (text: string): string => {
    let out = text;
    for (const secret of whole) if (out.includes(secret)) out = out.split(secret).join('***');
    if (pieces.size === 0 || out.length < SECRET_PIECE) return out;
    // Marked ranges, merged as they are found: [start, end) pairs in order.
    const ranges: number[] = [];
    let hash = pieceHash(out, 0);
    for (let i = 0; ; i++) {
      const bucket = maybe[hash & 0xffff] === 1 ? pieces.get(hash) : undefined;
      if (bucket && bucket.some((piece) => out.startsWith(piece, i))) {
        const end = i + SECRET_PIECE;
        if (ranges.length > 0 && ranges[ranges.length - 1]! >= i) ranges[ranges.length - 1] = end;
        else ranges.push(i, end);
      }
      if (i + SECRET_PIECE >= out.length) break;
      hash = (Math.imul(hash - Math.imul(out.charCodeAt(i), BASE_HIGH), BASE) + out.charCodeAt(i + SECRET_PIECE)) | 0;
    }
    if (ranges.length === 0) return out;
    let masked = '';
    let from = 0;
    for (let r = 0; r < ranges.length; r += 2) {
      masked += `${out.slice(from, ranges[r])}***`;
      from = ranges[r + 1]!;
    }
    return masked + out.slice(from);
  };
  return Object.assign(redactor, {empty: pieces.size === 0 && whole.length === 0});
}

/** `text` with every 8-character piece (and every whole copy) of each secret masked as `***`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] | undefined): string {
  if (!secrets || secrets.length === 0) return text;
  return createRedactor(secrets)(text);
}
