// Token hygiene by criteria: which of a listing's tokens `--unused-for`, `--device` and
// `--description` pick. Pure: the commands list, this decides, the engine revokes.
//
// - unused for D: lastUsed is older than now − D, or there is no lastUsed at all (a token nobody
//   ever used is the first one to clean up). A lastUsed that is no date at all picks nothing: the
//   token may be in use, and hygiene must never revoke what it cannot tell is idle.
// - device T: deviceType equals T, ignoring case ("laptop" finds "Laptop").
// - description S: the description contains S, ignoring case.
// Several criteria together must all hold.
import type {QlikToken} from '../qlik/types.js';
import {formatDuration} from '../text/duration.js';

export type TokenCriteria = {
  /** Milliseconds: lastUsed older than this (or none) picks the token. */
  unusedForMs?: number;
  deviceType?: string;
  description?: string;
};

export function hasCriteria(criteria: TokenCriteria): boolean {
  return criteria.unusedForMs !== undefined || criteria.deviceType !== undefined || criteria.description !== undefined;
}

/** Compared case-insensitively, the way an operator reads them (locale-free: "I" is "i" everywhere). */
function fold(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** Whether `token` meets every criterion given, at `now` (epoch ms). No criteria: every token. */
export function matchesCriteria(token: QlikToken, criteria: TokenCriteria, now: number): boolean {
  if (criteria.unusedForMs !== undefined) {
    if (token.lastUsed !== null && token.lastUsed !== undefined && token.lastUsed !== '') {
      const at = Date.parse(token.lastUsed);
      if (Number.isNaN(at) || at >= now - criteria.unusedForMs) return false;
    }
  }
  if (criteria.deviceType !== undefined) {
    if (typeof token.deviceType !== 'string' || fold(token.deviceType) !== fold(criteria.deviceType)) return false;
  }
  if (criteria.description !== undefined) {
    if (typeof token.description !== 'string' || !fold(token.description).includes(fold(criteria.description)))
      return false;
  }
  return true;
}

/** The tokens of `tokens` that meet the criteria, in their order. */
export function selectTokens(tokens: readonly QlikToken[], criteria: TokenCriteria, now: number): QlikToken[] {
  if (!hasCriteria(criteria)) return [...tokens];
  return tokens.filter((token) => matchesCriteria(token, criteria, now));
}

/** "unused for 90d · device Laptop · description contains "ci"", for headings and confirmations. */
export function describeCriteria(criteria: TokenCriteria): string {
  const parts: string[] = [];
  if (criteria.unusedForMs !== undefined) parts.push(`unused for ${formatDuration(criteria.unusedForMs)}`);
  if (criteria.deviceType !== undefined) parts.push(`device ${criteria.deviceType}`);
  if (criteria.description !== undefined) parts.push(`description contains "${criteria.description}"`);
  return parts.join(' · ');
}
