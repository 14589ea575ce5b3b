import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'infra/cdk.out/**',
      'coverage/**',
      '.cache/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Only lib/github and the actions' main.ts may touch the toolkit (ARCHITECTURE.md);
      // @actions/expressions is GitHub's expression evaluator (the workflow checks use it).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@actions/*', '!@actions/expressions', '!@actions/expressions/*'],
              message: 'Use lib/github: it is the only @actions/* user.',
            },
          ],
        },
      ],
    },
  },
  {
    // The emulator decodes untyped JSON from the wire: each handler checks shapes as AWS would.
    files: ['emulator/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['lib/github/**/*.ts', 'actions/*/src/main.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
