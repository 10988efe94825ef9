// Every screen is sized from the terminal's rows. Ink 6 clears and redraws the whole screen when a
// frame is as tall as the terminal (a visible flicker over SSH), so a frame is at most rows - 1.

/** The lines a screen may use: one less than the terminal, and never below a usable minimum. */
export function frameHeight(rows: number): number {
  return Math.max(6, rows - 1);
}

/** Columns we draw into. The last column is left alone: some terminals wrap when it is written. */
export function frameWidth(columns: number): number {
  return Math.max(20, columns - 1);
}

/**
 * Two lines of key hints when there is room, one on short terminals. A dialog or the help has a
 * few keys only: it takes one hint line and gives the other to its own body.
 */
export function footerLines(rows: number): number {
  return rows >= 20 ? 2 : 1;
}
