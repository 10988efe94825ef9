import {useEffect, useRef, useState} from 'react';
import type {QlikApi, QlikUser} from '../../../qlik/types.js';
import {describeError} from '../../describe-error.js';
import type {ElsewhereMatch, ProfileFailure} from './state.js';

export const SEARCH_DEBOUNCE_MS = 200;
/** "searching…" shows only when an answer is slow: a flash of it on every key press is noise. */
export const SEARCHING_AFTER_MS = 150;

/** The other profiles' part of an every-profile search. */
export type EverywhereAnswer = {elsewhere: ElsewhereMatch[]; failed: ProfileFailure[]};

type Options = {
  client: QlikApi;
  query: string;
  /** Also search every other profile with this (ctrl-t); undefined: this profile only. */
  everywhere: ((query: string, signal: AbortSignal) => Promise<EverywhereAnswer>) | undefined;
  onResults: (query: string, users: QlikUser[], everywhere: EverywhereAnswer | undefined) => void;
  onError: (query: string, message: string, everywhere: boolean) => void;
};

/**
 * Debounced search; each new query (or scope) aborts the previous requests. Every profile is
 * searched at once with this one, so the answer comes as fast as the slowest tenant. Returns
 * whether to say "searching…".
 */
export function useUserSearch({client, query, everywhere, onResults, onError}: Options): boolean {
  // Which query is slow to answer. Keyed rather than a flag reset at each new query: a reset on
  // mount would cost a render (and hold the next real frame behind Ink's frame throttle).
  const [slowQuery, setSlowQuery] = useState<string>();
  const callbacks = useRef({onResults, onError});
  callbacks.current = {onResults, onError};

  useEffect(() => {
    const trimmed = query.trim();
    if (trimmed === '') return;
    const controller = new AbortController();
    let slowTimer: NodeJS.Timeout | undefined;
    const debounce = setTimeout(() => {
      slowTimer = setTimeout(() => setSlowQuery(query), SEARCHING_AFTER_MS);
      Promise.all([
        client.searchUsers(trimmed, {signal: controller.signal, limit: 50}),
        everywhere ? everywhere(trimmed, controller.signal) : undefined,
      ]).then(
        ([users, others]) => {
          if (controller.signal.aborted) return;
          clearTimeout(slowTimer);
          setSlowQuery((slow) => (slow === query ? undefined : slow));
          callbacks.current.onResults(query, users, others);
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          clearTimeout(slowTimer);
          setSlowQuery((slow) => (slow === query ? undefined : slow));
          callbacks.current.onError(query, describeError(error), everywhere !== undefined);
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(debounce);
      clearTimeout(slowTimer);
      controller.abort();
      // Abandoned while slow: not "searching" any more should the same text come back.
      setSlowQuery((slow) => (slow === query ? undefined : slow));
    };
  }, [client, query, everywhere]);

  return slowQuery !== undefined && slowQuery === query;
}
