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

export type TokenColumns = {
  marker: number;
  id: number;
  description: number;
  device: number;
  lastUsed: number;
  user: number;
};

const GAP = 1;

/**
 * Column widths for the token table. Fixed columns keep their width; the description (and the user
 * in the tenant-wide view) share what is left. On narrow terminals the id is cut first, because the
 * detail line always shows it in full.
 */
export function tokenColumns(width: number, showUser: boolean): TokenColumns {
  const marker = 2;
  const device = 8;
  const lastUsed = 9;
  let id = 24;
  // Six cells (five gaps) with the user column, five cells (four gaps) without.
  const gaps = GAP * (showUser ? 5 : 4);
  const fixed = () => marker + id + device + lastUsed + gaps;
  const wanted = showUser ? 28 : 16;
  if (width - fixed() < wanted) id = Math.max(10, id - (wanted - (width - fixed())));
  const flexible = Math.max(0, width - fixed());
  // Descriptions are short in practice ("Qlik Sense Mobile on iPhone"); on wide terminals the
  // user's name and email get the room instead of a gulf of blanks.
  if (!showUser) return {marker, id, description: Math.min(flexible, 72), device, lastUsed, user: 0};
  const description = flexible >= 100 ? 48 : flexible - Math.min(32, Math.floor(flexible * 0.45));
  return {marker, id, description, device, lastUsed, user: Math.min(64, flexible - description)};
}
