import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { folderFacesPlugin } from './scripts/eslint-folder-faces.mjs';

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'test-artifacts/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // The renderer talks only to the contract: never to Node, never to main/.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '../main/*', '../../main/*'],
              message: 'The renderer talks to main only through preload/contract.ts.',
            },
            {
              group: ['node:*', 'electron'],
              message: 'The renderer never touches Node or Electron.',
            },
          ],
        },
      ],
    },
  },
  {
    // Only the Electron shell files may import electron.
    files: ['main/**/*.ts'],
    ignores: ['main/index.ts', 'main/window.ts', 'main/ipc.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only main/index.ts, window.ts and ipc.ts import electron.',
            },
          ],
        },
      ],
    },
  },
  {
    // The sandbox depends on nothing of ours, so it can never agree with itself by accident.
    files: ['main/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', '!../sandbox', '../../*'],
              message: 'main/sandbox imports nothing of ours.',
            },
          ],
        },
      ],
    },
  },
  {
    // A main/ folder is entered through its index.ts (scripts/eslint-folder-faces.mjs).
    files: ['main/**/*.ts'],
    plugins: { local: folderFacesPlugin },
    rules: {
      'local/folder-faces': [
        'error',
        {
          allow: [
            {
              from: 'main/cli.ts',
              to: 'main/commands/',
              why: "commands/ holds the CLI entry's own parts, one file per command; cli.ts is their only caller",
            },
          ],
        },
      ],
    },
  },
);
