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
  private readonly tokensById = new Map<string, QlikToken>();
  private readonly sortedTokens: QlikToken[];

  constructor(dataset: Dataset) {
    this.tenantId = dataset.tenantId;
    this.botUser = dataset.botUser;
    for (const user of dataset.users) this.usersById.set(user.id, user);
    this.sortedTokens = [...dataset.tokens];
    for (const token of this.sortedTokens) this.tokensById.set(token.id, token);
  }

  get tokenCount(): number {
    return this.sortedTokens.length;
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
    return token;
  }

  /** Index of the first token whose key is >= `key`. */
  lowerBound(key: TokenKey): number {
    let lo = 0;
    let hi = this.sortedTokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareTokenKeys(this.sortedTokens[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first token whose key is > `key`. */
  upperBound(key: TokenKey): number {
    let lo = 0;
    let hi = this.sortedTokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareTokenKeys(this.sortedTokens[mid]!, key) <= 0) lo = mid + 1;
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
