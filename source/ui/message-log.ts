import {useCallback, useMemo, useRef, useState} from 'react';
import type {FlashKind} from './components/flash-line.js';

export type LoggedMessage = {id: number; at: number; text: string; kind: FlashKind};

/** Keeps at most this many: a long session's log must not grow without bound. */
const MAX_MESSAGES = 1000;

/** The session's flashes, errors and summaries, in full and in order: the flash line cuts and forgets. */
export function useMessageLog(): {messages: readonly LoggedMessage[]; add: (text: string, kind: FlashKind) => void} {
  const [messages, setMessages] = useState<readonly LoggedMessage[]>([]);
  const counter = useRef(0);
  const add = useCallback((text: string, kind: FlashKind) => {
    counter.current += 1;
    const entry = {id: counter.current, at: Date.now(), text, kind};
    setMessages((current) => [...current, entry].slice(-MAX_MESSAGES));
  }, []);
  return useMemo(() => ({messages, add}), [messages, add]);
}
