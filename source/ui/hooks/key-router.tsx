// One permanent keyboard listener for the whole app. Ink's useInput subscribes in a passive effect,
// so a component that just became active (a dialog that just opened, a list a dialog just
// uncovered) is deaf for a moment, and a key typed in that moment is lost. Handlers registered
// here are added at commit time instead, and whether they listen is read when the key arrives.
import {useInput, type Key} from 'ink';
import {createContext, useCallback, useEffect, useRef, type ReactNode} from 'react';
import {useKeyStream} from '../input/key-stream-context.js';

export type RoutedHandler = {handle: (input: string, key: Key) => void; active: () => boolean};

export const KeyRouterContext = createContext<Set<RoutedHandler> | undefined>(undefined);

export function KeyRouter({children}: {children: ReactNode}) {
  const handlers = useRef(new Set<RoutedHandler>()).current;
  const route = useCallback(
    (input: string, key: Key) => {
      // Decide who listens before anyone acts: an action that opens a dialog must not also
      // hand the same key to the dialog.
      const listening = [...handlers].filter((handler) => handler.active());
      for (const handler of listening) handler.handle(input, key);
    },
    [handlers],
  );
  useInput(route);
  // Chords typed while a text field has the focus (and F1) come from the key stream directly:
  // through Ink, ink-text-input would type their letter into the field.
  const stream = useKeyStream();
  useEffect(() => stream?.onChord(route), [stream, route]);
  return <KeyRouterContext.Provider value={handlers}>{children}</KeyRouterContext.Provider>;
}
