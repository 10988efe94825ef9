import {useCallback, useRef, useState} from 'react';

/**
 * useReducer whose current state is readable synchronously. Ink delivers several keys from one
 * read in a row before React renders again: "jd" must revoke the token `j` moved to, not the one
 * highlighted when the read began.
 */
export function useSyncReducer<S, E>(
  reducer: (state: S, event: E) => S,
  initial: () => S,
): [S, (event: E) => void, {readonly current: S}] {
  const [state, setState] = useState(initial);
  const ref = useRef(state);
  const send = useCallback(
    (event: E) => {
      ref.current = reducer(ref.current, event);
      setState(ref.current);
    },
    [reducer],
  );
  return [state, send, ref];
}
