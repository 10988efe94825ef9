import {useStdout} from 'ink';
import {createContext, useContext, useEffect, useState} from 'react';

export type TerminalSize = {columns: number; rows: number};

/** Tests (ink-testing-library has a fixed 100-column stdout and no rows) give the size here. */
export const TerminalSizeContext = createContext<TerminalSize | undefined>(undefined);

type SizedStream = NodeJS.WriteStream | {columns?: number; rows?: number};

export function readTerminalSize(stdout: SizedStream): TerminalSize {
  const columns = typeof stdout.columns === 'number' && stdout.columns > 0 ? stdout.columns : 80;
  const rows = typeof stdout.rows === 'number' && stdout.rows > 0 ? stdout.rows : 24;
  return {columns, rows};
}

/** Rows and columns of the terminal, re-read on every `resize` so the layout follows at once. */
export function useTerminalSize(): TerminalSize {
  const override = useContext(TerminalSizeContext);
  const {stdout} = useStdout();
  const [size, setSize] = useState(() => readTerminalSize(stdout));
  useEffect(() => {
    const onResize = () => setSize(readTerminalSize(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return override ?? size;
}
