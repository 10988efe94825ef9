// conf imports Ajv for its `schema` option, which the profile store does not use: it checks
// config.json itself (source/profiles/config-check.ts). In the tool's bundles conf's imports of Ajv
// get a stand-in that throws if ever called (ajv-stand-in.mjs), and `bundledAjv` finds any Ajv
// module bundled all the same, which fails the build (build.mjs). Measured here (Node 20): loading
// Ajv cost every command that opens the store 48 ms of CPU, compiling the schema 15 ms more.
import {fileURLToPath} from 'node:url';

const standIn = fileURLToPath(new URL('ajv-stand-in.mjs', import.meta.url));

/** The esbuild plugin. */
export const confWithoutAjv = {
  name: 'conf-without-ajv',
  setup(build) {
    build.onResolve({filter: /^ajv(-formats)?(\/|$)/}, (args) =>
      /node_modules\/conf\//.test(args.importer) ? {path: standIn} : undefined,
    );
  },
};

/** The Ajv modules among a build's inputs (esbuild's metafile). */
export function bundledAjv(metafile) {
  return Object.keys(metafile.inputs).filter((input) => /node_modules\/ajv(-formats)?\//.test(input));
}
