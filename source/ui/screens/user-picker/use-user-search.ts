import {useEffect, useRef, useState} from 'react';
import type {QlikApi, QlikUser} from '../../../qlik/types.js';
import {describeError} from '../../describe-error.js';

export const SEARCH_DEBOUNCE_MS = 200;
/** "searching…" shows only when an answer is slow: a flash of it on every key press is noise. */
export const SEARCHING_AFTER_MS = 150;

type Options = {
  client: QlikApi;
  query: string;
  onResults: (query: string, users: QlikUser[]) => void;
  onError: (query: string, message: string) => void;
};

/** Debounced search; each new query aborts the previous request. Returns whether to say "searching…". */
export function useUserSearch({client, query, onResults, onError}: Options): boolean {
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
      client.searchUsers(trimmed, {signal: controller.signal, limit: 50}).then(
        (users) => {
          if (controller.signal.aborted) return;
          clearTimeout(slowTimer);
          setSlowQuery((slow) => (slow === query ? undefined : slow));
          callbacks.current.onResults(query, users);
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          clearTimeout(slowTimer);
          setSlowQuery((slow) => (slow === query ? undefined : slow));
          callbacks.current.onError(query, describeError(error));
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
  }, [client, query]);

  return slowQuery !== undefined && slowQuery === query;
}
