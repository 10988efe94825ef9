// A live refresh of a tenant lists every token again, page by page. Merged in one piece at the end,
// 100,000 tokens stall the UI thread (sets, a sort, and a major GC of 100,000 replaced objects).
// The collector does the merge a page at a time as the pages arrive instead: a token equal to the
// one already held keeps the held object, so the page's freshly parsed copies die young (cheap
// scavenges, no old-generation churn), and what a refresh changed is known, small, at the end.
import type {QlikToken} from '../../qlik/types.js';

/** One complete listing: its tokens in the tenant's order, and each one's place in it by id. */
export type Listing = {items: readonly QlikToken[]; index: ReadonlyMap<string, number>};

/** The token of `listing` with this id. */
export function listed(listing: Listing, id: string): QlikToken | undefined {
  const at = listing.index.get(id);
  return at === undefined ? undefined : listing.items[at];
}

/** What a listing changed against the one before it. */
export type ListingChanges = {
  /** The previous listing's tokens. */
  previous: readonly QlikToken[];
  /** Tokens whose id the previous listing did not have. */
  added: readonly QlikToken[];
  /** New versions of tokens the previous listing had with other fields. */
  changed: readonly QlikToken[];
  /** Ids of the previous listing's tokens that this one does not hold as the same object: changed
   * or gone. A list sorted from the previous listing keeps all of its tokens but these. */
  dropped: ReadonlySet<string>;
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
  readonly #index = new Map<string, number>();
  readonly #added: QlikToken[] = [];
  readonly #changed: QlikToken[] = [];
  /** 1 at the place of each of the base's tokens that this listing keeps. */
  readonly #kept: Uint8Array;

  /** `base`: the previous complete listing, whose objects are kept where nothing changed. */
  constructor(base?: Listing) {
    this.#base = base;
    this.#kept = new Uint8Array(base?.items.length ?? 0);
  }

  /** The tokens collected so far, in the tenant's order (live: copy it to keep it). */
  get items(): readonly QlikToken[] {
    return this.#items;
  }

  add(page: readonly QlikToken[]): void {
    const base = this.#base;
    for (let i = 0; i < page.length; i++) {
      const token = page[i]!;
      // A token seen twice (the tenant's cursor moved under a concurrent change) is listed once.
      if (this.#index.has(token.id)) continue;
      const at = base?.index.get(token.id);
      let kept = token;
      if (at === undefined) {
        if (base) this.#added.push(token);
      } else if (sameToken(base!.items[at]!, token)) {
        kept = base!.items[at]!;
        this.#kept[at] = 1;
      } else this.#changed.push(token);
      this.#index.set(kept.id, this.#items.length);
      this.#items.push(kept);
    }
  }

  /** The complete listing, and (when there was a previous one) what changed since. */
  finish(): {listing: Listing; changes: ListingChanges | undefined} {
    const listing: Listing = {items: this.#items, index: this.#index};
    const base = this.#base;
    if (!base) return {listing, changes: undefined};
    const dropped = new Set<string>();
    for (let i = 0; i < this.#kept.length; i++) if (this.#kept[i] === 0) dropped.add(base.items[i]!.id);
    return {listing, changes: {previous: base.items, added: this.#added, changed: this.#changed, dropped}};
  }
}
