// @ts-check
import js from '@eslint/js'
import importX from 'eslint-plugin-import-x'
import unicorn from 'eslint-plugin-unicorn'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const featurePackages = ['outbox', 'content', 'commerce', 'index']

/**
 * The workspace's flat config. Type-aware rules (floating promises, exhaustive switches) need the
 * TypeScript project service, which finds each package's tsconfig on its own.
 */
export const rustokConfig = tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/.data/**', '**/coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parserOptions: { projectService: true },
    },
    plugins: { unicorn, 'import-x': importX },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'max-params': ['error', 3],
      'unicorn/filename-case': ['error', { case: 'kebabCase' }],
      'import-x/no-default-export': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@rustok/*/src',
                '@rustok/*/src/*',
                '@rustok/*/internal',
                '@rustok/*/internal/*',
              ],
              message:
                'Import another package through its public entry, never its src/ or internal/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Libraries never print: they take a logger or return errors.
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/*/src/**/*.test.ts', 'packages/test-utils/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // A getter or setter in an object literal is a new closure each time, and V8 allocates the
    // accessor pair holding it in the old generation: built per request, it kept each request's
    // objects alive through every young collection (ADR 0040). A class's accessor is shared on
    // its prototype; an object built once (a factory's return value) may disable this line.
    files: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test-helper.ts', '**/*.test-d.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ObjectExpression > Property[kind=/^[gs]et$/]',
          message:
            'No getter or setter in an object literal (ADR 0040): use a class, or a method such as getHost().',
        },
      ],
    },
  },
  {
    // core-* are the bottom layer: they may not reach up into feature packages.
    files: ['packages/core-*/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: featurePackages.map((name) => ({
            name: `@rustok/${name}`,
            message: 'core-* packages may not import feature packages.',
          })),
          patterns: [
            {
              group: [
                '@rustok/*/src',
                '@rustok/*/src/*',
                '@rustok/*/internal',
                '@rustok/*/internal/*',
              ],
              message:
                'Import another package through its public entry, never its src/ or internal/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tool configs must default-export by contract.
    files: ['*.config.ts', '*.config.js', 'tooling/eslint-config/*.js'],
    rules: { 'import-x/no-default-export': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
)
