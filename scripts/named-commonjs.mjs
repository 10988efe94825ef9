// ESM named imports of a CommonJS package, bound once. esbuild turns each `import {useState} from
// 'react'` of an ESM module into its own __toESM(require_react()) copy: a fresh object with one
// getter per export, for each of the 53 modules of the UI that import React (22 the JSX runtime),
// and every hook call then goes through a getter. At a first start (no code cache) that interop
// was ~5 ms of the UI thread before the first frame. Here every ESM import of the package goes to
// one module that requires it once and re-exports each export as a plain binding; `require()`
// calls (react-reconciler's) still get the package itself. The names come from the package as
// installed, so a React upgrade cannot leave one out.
import {createRequire} from 'node:module';
import {dirname, relative, resolve} from 'node:path';

const require = createRequire(import.meta.url);
const NAMESPACE = 'named-commonjs';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** An esbuild plugin for the CommonJS packages `specifiers` (exact import specifiers). */
export function namedCommonJs(specifiers) {
  const filter = new RegExp(`^(${specifiers.map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: NAMESPACE,
    setup(build) {
      build.onResolve({filter}, async (args) => {
        if (args.namespace === NAMESPACE) return undefined;
        if (args.kind !== 'import-statement' && args.kind !== 'dynamic-import') return undefined;
        const resolved = await build.resolve(args.path, {kind: 'require-call', resolveDir: args.resolveDir});
        if (resolved.errors.length > 0) return {errors: resolved.errors};
        // Relative, so that no machine path ends up in the bundle's comments.
        return {path: relative(process.cwd(), resolved.path), namespace: NAMESPACE};
      });
      build.onLoad({filter: /.*/, namespace: NAMESPACE}, (args) => {
        const path = resolve(args.path);
        const names = Object.keys(require(path)).filter((name) => name !== 'default' && IDENTIFIER.test(name));
        if (names.length === 0) return {errors: [{text: `${NAMESPACE}: ${args.path} exports no names`}]};
        const contents = [
          `const m = require(${JSON.stringify(path)});`,
          'export default m;',
          ...names.map((name) => `export const ${name} = m.${name};`),
        ].join('\n');
        return {contents, loader: 'js', resolveDir: dirname(path)};
      });
    },
  };
}
