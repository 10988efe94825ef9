import {createContext, useContext} from 'react';
import type {KeyStream} from './key-stream.js';

/** The stdin Ink reads (main.tsx makes it): text fields register with it while they have the focus. */
export const KeyStreamContext = createContext<KeyStream | undefined>(undefined);

export function useKeyStream(): KeyStream | undefined {
  return useContext(KeyStreamContext);
}
