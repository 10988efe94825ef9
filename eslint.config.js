// ESLint: correctness only; layout is Prettier's (`npm run lint` runs both). typescript-eslint's
// recommended rules without type information (fast enough for every `npm test`), and React's rules
// of hooks for source/ui.
import js from '@eslint/js';
import {defineConfig} from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {ignores: ['dist/', 'dist.*/', 'node_modules/', 'test-build/']},
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        performance: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        WebAssembly: 'readonly',
        fetch: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
  },
  {
    rules: {
      // A terminal tool matches control characters on purpose: neutralising them is
      // source/text/terminal-safe.ts's whole job, and the tests look for escape sequences.
      'no-control-regex': 'off',
      // A variable set once after the closures that read it are made (the simulator's server options).
      'prefer-const': ['error', {ignoreReadBeforeAssign: true}],
      // `const {omitted, ...rest} = value` is how a field is left out.
      '@typescript-eslint/no-unused-vars': ['error', {ignoreRestSiblings: true}],
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: {'react-hooks': reactHooks},
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
