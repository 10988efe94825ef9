// Types of conf-without-ajv.mjs for the tests (the build script itself is plain JavaScript).
import type {Metafile, Plugin} from 'esbuild';

export declare const confWithoutAjv: Plugin;
export declare function bundledAjv(metafile: Metafile): string[];
