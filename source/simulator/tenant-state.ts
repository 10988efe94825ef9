// The tenant's mutable state with the indexes that keep listing cheap: tokens sit in one array
// sorted by (userId, id) — the order oauth-tokens pages through — so a page is a binary search
// plus a slice, even with 100,000 tokens and live inserts and deletes between pages.
import type {QlikToken, QlikUser} from '../qlik/types.js';
import {compareStrings, type Dataset} from './dataset.js';

export type TokenKey = {userId: string; id: string};

export function compareTokenKeys(a: TokenKey, b: TokenKey): number {
  return compareStrings(a.userId, b.userId) || compareStrings(a.id, b.id);
}

export class TenantState {
  readonly tenantId: string;
  readonly botUser: QlikUser;
  private readonly usersById = new Map<string, QlikUser>();
  readonly #dataset: Dataset;
  #tokens: {sorted: QlikToken[]; byId: Map<string, QlikToken>} | undefined;
  /** Told of every token that leaves (revoked, expired, removed by a test). */
  onRemoved: ((token: QlikToken) => void) | undefined;

  constructor(dataset: Dataset) {
    this.tenantId = dataset.tenantId;
    this.botUser = dataset.botUser;
    for (const user of dataset.users) this.usersById.set(user.id, user);
    this.#dataset = dataset;
  }

  /** The generated tokens are made when first needed (see Dataset.tokens). */
  private get sortedTokens(): QlikToken[] {
    return this.#materialized().sorted;
  }

  private get tokensById(): Map<string, QlikToken> {
    return this.#materialized().byId;
  }

  #materialized(): {sorted: QlikToken[]; byId: Map<string, QlikToken>} {
    if (this.#tokens) return this.#tokens;
    const sorted = [...this.#dataset.tokens];
    const byId = new Map<string, QlikToken>();
    for (const token of sorted) byId.set(token.id, token);
    return (this.#tokens = {sorted, byId});
  }

  get tokenCount(): number {
    return this.sortedTokens.length;
  }

  /** Tokens per user (holders only), without making the generated tokens if they are not made yet. */
  tokenCountsByUser(): Map<string, number> {
    if (!this.#tokens) return new Map(this.#dataset.tokenCounts);
    const counts = new Map<string, number>();
    for (const token of this.#tokens.sorted) counts.set(token.userId, (counts.get(token.userId) ?? 0) + 1);
    return counts;
  }

  allUsers(): QlikUser[] {
    return [...this.usersById.values()];
  }

  getUser(id: string): QlikUser | undefined {
    return this.usersById.get(id);
  }

  putUser(user: QlikUser): void {
    this.usersById.set(user.id, user);
  }

  getToken(id: string): QlikToken | undefined {
    return this.tokensById.get(id);
  }

  /** The live array, in list order. Callers must not mutate it. */
  tokensInOrder(): readonly QlikToken[] {
    return this.sortedTokens;
  }

  tokenAt(index: number): QlikToken | undefined {
    return this.sortedTokens[index];
  }

  insertToken(token: QlikToken): void {
    if (this.tokensById.has(token.id)) throw new Error(`token ${token.id} already exists`);
    this.sortedTokens.splice(this.lowerBound(token), 0, token);
    this.tokensById.set(token.id, token);
  }

  removeToken(id: string): QlikToken | undefined {
    const token = this.tokensById.get(id);
    if (!token) return undefined;
    const index = this.lowerBound(token);
    this.sortedTokens.splice(index, 1);
    this.tokensById.delete(id);
    this.onRemoved?.(token);
    return token;
  }

  /** Index of the first token whose key is >= `key`. */
  lowerBound(key: TokenKey): number {
    const tokens = this.sortedTokens;
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareTokenKeys(tokens[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first token whose key is > `key`. */
  upperBound(key: TokenKey): number {
    const tokens = this.sortedTokens;
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareTokenKeys(tokens[mid]!, key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** [start, end) of one user's tokens, or of the whole tenant. */
  rangeOf(userId: string | undefined): [number, number] {
    if (userId === undefined) return [0, this.sortedTokens.length];
    // '' sorts before and '\uffff' after every 24-hex id.
    return [this.lowerBound({userId, id: ''}), this.lowerBound({userId, id: '\uffff'})];
  }
}
