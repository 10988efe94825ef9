// A live refresh of a tenant lists every token again, page by page. Merged in one piece at the end,
// 100,000 tokens stall the UI thread (sets, a sort, and a major GC of 100,000 replaced objects).
// The collector does the merge a page at a time as the pages arrive instead: a token equal to the
// one already held keeps the held object, so the page's freshly parsed copies die young (cheap
// scavenges, no old-generation churn), and what a refresh changed is known, small, at the end.
import type {QlikToken} from '../../qlik/types.js';

/** One complete listing: its tokens in the tenant's order, and each by id. */
export type Listing = {items: readonly QlikToken[]; byId: ReadonlyMap<string, QlikToken>};

/** What a listing changed against the one before it. */
export type ListingChanges = {
  /** The previous listing's tokens. */
  previous: readonly QlikToken[];
  /** Tokens whose id the previous listing did not have. */
  added: readonly QlikToken[];
  /** New versions of tokens the previous listing had with other fields. */
  changed: readonly QlikToken[];
};

function sameToken(a: QlikToken, b: QlikToken): boolean {
  return (
    a.lastUsed === b.lastUsed &&
    a.userId === b.userId &&
    a.description === b.description &&
    a.deviceType === b.deviceType &&
    a.tenantId === b.tenantId &&
    a.clientId === b.clientId
  );
}

export class ListingCollector {
  readonly #base: Listing | undefined;
  readonly #items: QlikToken[] = [];
  readonly #byId = new Map<string, QlikToken>();
  readonly #added: QlikToken[] = [];
  readonly #changed: QlikToken[] = [];

  /** `base`: the previous complete listing, whose objects are kept where nothing changed. */
  constructor(base?: Listing) {
    this.#base = base;
  }

  /** The tokens collected so far, in the tenant's order (live: copy it to keep it). */
  get items(): readonly QlikToken[] {
    return this.#items;
  }

  add(page: readonly QlikToken[]): void {
    const base = this.#base?.byId;
    for (let i = 0; i < page.length; i++) {
      const token = page[i]!;
      // A token seen twice (the tenant's cursor moved under a concurrent change) is listed once.
      if (this.#byId.has(token.id)) continue;
      const held = base?.get(token.id);
      let kept = token;
      if (held === undefined) {
        if (base) this.#added.push(token);
      } else if (sameToken(held, token)) {
        kept = held;
      } else this.#changed.push(token);
      this.#byId.set(kept.id, kept);
      this.#items.push(kept);
    }
  }

  /** The complete listing, and (when there was a previous one) what changed since. */
  finish(): {listing: Listing; changes: ListingChanges | undefined} {
    const listing: Listing = {items: this.#items, byId: this.#byId};
    const base = this.#base;
    return {listing, changes: base && {previous: base.items, added: this.#added, changed: this.#changed}};
  }
}
