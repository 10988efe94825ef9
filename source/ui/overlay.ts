import type {ReactNode} from 'react';
import type {Keymap} from './keymap.js';

/** What the app puts over a screen's body (help, a confirmation): the screen keeps its header. */
export type OverlaySlot = {render: (size: {width: number; height: number}) => ReactNode; keymap: Keymap};
