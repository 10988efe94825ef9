import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export type TerminalSize = {columns: number; rows: number};

type SizedStream = NodeJS.WriteStream | {columns?: number; rows?: number};

export function readTerminalSize(stdout: SizedStream): TerminalSize {
  const columns = typeof stdout.columns === 'number' && stdout.columns > 0 ? stdout.columns : 80;
  const rows = typeof stdout.rows === 'number' && stdout.rows > 0 ? stdout.rows : 24;
  return {columns, rows};
}

/** Rows and columns of the terminal, re-read on every `resize` so the layout follows at once. */
export function useTerminalSize(): TerminalSize {
  const {stdout} = useStdout();
  const [size, setSize] = useState(() => readTerminalSize(stdout));
  useEffect(() => {
    const onResize = () => setSize(readTerminalSize(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
