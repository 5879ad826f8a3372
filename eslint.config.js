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
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
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
        { patterns: ['**/server/**', '**/setup/**', '**/fake-procore/**', '**/procore/**'] },
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
