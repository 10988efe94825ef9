// Semantic colours: components ask for "danger" or "muted", never for "red".
// Ink colours through chalk, and chalk ignores NO_COLOR: the theme itself must stop asking for
// colour, and then carry the cursor and the emphasis with inverse/bold/underline instead.
import {createContext, useContext} from 'react';

export type TextStyle = {
  color?: string;
  bold?: boolean;
  dimColor?: boolean;
  inverse?: boolean;
  underline?: boolean;
};

export type Theme = {
  name: 'colour' | 'no-colour';
  accent: TextStyle;
  muted: TextStyle;
  danger: TextStyle;
  success: TextStyle;
  warning: TextStyle;
  /** The highlighted row (the cursor). */
  selection: TextStyle;
  /** A marked row. */
  marked: TextStyle;
  /** A token that appeared in the last refreshes. */
  fresh: TextStyle;
  title: TextStyle;
  key: TextStyle;
  border: string | undefined;
};

export const colourTheme: Theme = {
  name: 'colour',
  accent: {color: 'cyan'},
  muted: {color: 'gray'},
  danger: {color: 'red', bold: true},
  success: {color: 'green'},
  warning: {color: 'yellow'},
  selection: {inverse: true},
  marked: {color: 'magenta', bold: true},
  fresh: {color: 'green'},
  title: {bold: true, color: 'cyan'},
  key: {color: 'cyan', bold: true},
  border: 'gray',
};

export const noColourTheme: Theme = {
  name: 'no-colour',
  accent: {bold: true},
  muted: {},
  danger: {bold: true, underline: true},
  success: {bold: true},
  warning: {bold: true},
  selection: {inverse: true},
  marked: {bold: true},
  fresh: {underline: true},
  title: {bold: true},
  key: {bold: true},
  border: undefined,
};

type ColourSource = {isTTY?: boolean; hasColors?: (count?: number) => boolean};

/** NO_COLOR (any non-empty value, per no-color.org), TERM=dumb, or a terminal without colours. */
export function pickTheme(env: NodeJS.ProcessEnv, stdout?: ColourSource): Theme {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return noColourTheme;
  if (env.TERM === 'dumb') return noColourTheme;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return colourTheme;
  if (stdout?.isTTY && typeof stdout.hasColors === 'function' && !stdout.hasColors()) return noColourTheme;
  return colourTheme;
}

export const ThemeContext = createContext<Theme>(colourTheme);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
