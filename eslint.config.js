import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist', 'dist-server', 'node_modules', 'playwright-report', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Plain-JavaScript scripts run by Node itself (no compile step): the launcher and checks.
  { files: ['**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // Type-aware: a promise nobody awaits loses its error; a switch over a union handles all.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Dependencies point one way: ui → (HTTP) → server → setup → procore (DESIGN.md §4).
    files: ['src/procore/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/setup/**', '**/server/**', '**/ui/**', '**/fake-procore/**'] },
      ],
    },
  },
  {
    files: ['src/setup/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/server/**', '**/ui/**', '**/fake-procore/**'] },
      ],
    },
  },
  {
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/server/**', '**/setup/**', '**/fake-*/**', '**/procore/**'] },
      ],
    },
  },
  {
    // The server talks to a real Procore and a real identity provider: only the demo launcher
    // (and tests) may start the fakes (src/fake-procore, src/fake-salus-identity).
    files: ['src/server/**'],
    ignores: ['src/server/demo.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/fake-*/**', '**/ui/**'] }],
    },
  },
  {
    // The sandbox verifier asks Procore itself, through the Procore client only; what it found
    // may be written as the fake's knobs (a type), never run against the fake outside tests.
    files: ['scripts/verify-sandbox/**'],
    ignores: ['**/*.test.ts', 'scripts/verify-sandbox/test-support.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**', '**/setup/**', '**/ui/**'] },
            { group: ['**/fake-procore/**'], allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    // The fake SALUS identity provider stands alone: it knows nothing of the app it signs into.
    files: ['src/fake-salus-identity/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '**/setup/**',
            '**/server/**',
            '**/ui/**',
            '**/procore/**',
            '**/fake-procore/**',
          ],
        },
      ],
    },
  },
  {
    files: ['src/fake-procore/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/setup/**', '**/server/**', '**/ui/**'] }],
    },
  },
);
