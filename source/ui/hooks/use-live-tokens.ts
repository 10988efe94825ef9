import {useCallback, useEffect, useRef, useState} from 'react';
import type {QlikApi, QlikToken} from '../../qlik/types.js';
import {describeError} from '../describe-error.js';
import {ListingCollector, type Listing, type ListingChanges} from './listing-collector.js';

/** Tier 1 allows 1,000 requests a minute; live refresh may spend half, the rest is the operator's. */
export const TIER1_PER_MINUTE = 1000;
export const REFRESH_SHARE = 0.5;

/** The period that keeps a refresh of `pages` requests within half of the tier-1 budget. */
export function budgetedIntervalMs(pages: number, wantedMs: number): number {
  const floor = Math.ceil((Math.max(1, pages) * 60_000) / (TIER1_PER_MINUTE * REFRESH_SHARE));
  return Math.max(wantedMs, floor);
}

export type LiveStatus = {
  loading: boolean;
  refreshing: boolean;
  lastRefreshAt?: number;
  nextRefreshAt?: number;
  /** Requests (pages) the last complete listing took. */
  pages: number;
  intervalMs: number;
  /** True when the budget made us refresh slower than --refresh asked. */
  slowed: boolean;
  error?: string;
};

type Options = {
  client: QlikApi;
  /** undefined: the whole tenant. */
  userId: string | undefined;
  refreshSeconds: number;
  onPartial: (items: QlikToken[]) => void;
  /** A complete listing; `changes` against the one before, when this is a refresh. */
  onLoaded: (listing: Listing, changes: ListingChanges | undefined) => void;
  onError?: (message: string) => void;
  now?: () => number;
};

const PARTIAL_EVERY_MS = 250;

/**
 * Lists the tokens, then again every `refreshSeconds`, slower when a listing takes so many pages
 * that the refresh would eat more than half of the tier-1 budget, and never while tier 1 is blocked.
 */
export function useLiveTokens({
  client,
  userId,
  refreshSeconds,
  onPartial,
  onLoaded,
  onError,
  now = Date.now,
}: Options): [LiveStatus, () => void] {
  const wantedMs = refreshSeconds * 1000;
  const [status, setStatus] = useState<LiveStatus>({
    loading: true,
    refreshing: false,
    pages: 0,
    intervalMs: wantedMs,
    slowed: false,
  });
  const callbacks = useRef({onPartial, onLoaded, onError, now});
  callbacks.current = {onPartial, onLoaded, onError, now};
  const kick = useRef<() => void>(() => {});

  useEffect(() => {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let controller: AbortController | undefined;
    let running = false;
    let first = true;
    let pagesLast = 0;
    let previous: Listing | undefined;

    const schedule = (delayMs: number) => {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(run, delayMs);
    };

    const run = async () => {
      if (stopped || running) return;
      running = true;
      clearTimeout(timer);
      controller = new AbortController();
      setStatus((s) => ({...s, refreshing: true}));
      const collector = new ListingCollector(previous);
      let pages = 0;
      let lastPartial = 0;
      try {
        await client.listTokens({
          userId,
          limit: 100,
          signal: controller.signal,
          collect: false,
          onPage: (page) => {
            pages += 1;
            collector.add(page);
            if (!first) return;
            const t = callbacks.current.now();
            if (t - lastPartial >= PARTIAL_EVERY_MS) {
              lastPartial = t;
              callbacks.current.onPartial(collector.items.slice());
            }
          },
        });
        if (stopped) return;
        first = false;
        pagesLast = Math.max(1, pages);
        const {listing, changes} = collector.finish();
        previous = listing;
        callbacks.current.onLoaded(listing, changes);
        const intervalMs = budgetedIntervalMs(pagesLast, wantedMs);
        const at = callbacks.current.now();
        const blocked = client.blockedUntil(1);
        const next = Math.max(at + intervalMs, blocked);
        setStatus({
          loading: false,
          refreshing: false,
          lastRefreshAt: at,
          nextRefreshAt: next,
          pages: pagesLast,
          intervalMs,
          slowed: intervalMs > wantedMs,
          error: undefined,
        });
        schedule(next - at);
      } catch (error) {
        if (stopped) return;
        const message = describeError(error);
        const at = callbacks.current.now();
        const intervalMs = budgetedIntervalMs(pagesLast, wantedMs);
        const next = Math.max(at + intervalMs, client.blockedUntil(1));
        setStatus((s) => ({...s, loading: false, refreshing: false, error: message, nextRefreshAt: next}));
        callbacks.current.onError?.(message);
        schedule(next - at);
      } finally {
        running = false;
      }
    };

    kick.current = () => {
      if (!running) void run();
    };
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
      controller?.abort();
    };
  }, [client, userId, wantedMs]);

  const refreshNow = useCallback(() => kick.current(), []);
  return [status, refreshNow];
}
