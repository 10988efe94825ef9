import type {Plugin} from 'esbuild';

export type Patch = {
  name: string;
  pkg: string;
  file: string;
  bundles: Array<'cli' | 'tui'>;
  find: string;
  replace: string;
  count: number;
};

export const PATCHES: Patch[];

export function patchPlugin(options: {bundle: 'cli' | 'tui'; nodeModules?: string; patches?: Patch[]}): Plugin;
