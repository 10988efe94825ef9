import {useCallback, useEffect, useRef, useState} from 'react';
import {safeText} from '../../text/terminal-safe.js';
import {useTheme} from '../theme.js';
import {Line} from './line.js';

export type FlashKind = 'info' | 'success' | 'warning' | 'error';
export type Flash = {text: string; kind: FlashKind; id: number};

const LIFETIME_MS: Record<FlashKind, number> = {info: 4000, success: 6000, warning: 8000, error: 12000};

/** A message line that clears itself (k9s's flash); errors stay longer than news. */
export function useFlash(): [Flash | undefined, (text: string, kind?: FlashKind) => void, () => void] {
  const [flash, setFlash] = useState<Flash>();
  const counter = useRef(0);
  const show = useCallback((text: string, kind: FlashKind = 'info') => {
    counter.current += 1;
    setFlash({text, kind, id: counter.current});
  }, []);
  const clear = useCallback(() => setFlash(undefined), []);
  useEffect(() => {
    if (!flash) return;
    const timer = setTimeout(
      () => setFlash((current) => (current?.id === flash.id ? undefined : current)),
      LIFETIME_MS[flash.kind],
    );
    return () => clearTimeout(timer);
  }, [flash]);
  return [flash, show, clear];
}

export function FlashLine({flash, width}: {flash: Flash | undefined; width: number}) {
  const theme = useTheme();
  if (!flash) return <Line segments={[]} width={width} />;
  const style =
    flash.kind === 'error'
      ? theme.danger
      : flash.kind === 'warning'
        ? theme.warning
        : flash.kind === 'success'
          ? theme.success
          : theme.accent;
  return <Line segments={[{text: safeText(flash.text), style}]} width={width} />;
}
