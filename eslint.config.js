import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** I/O that must never reach the functional core: databases, HTTP, files, processes, loggers. */
const IO_MODULES = [
  'pg', 'pg-copy-streams', 'kysely', '@electric-sql/*', 'hono', 'hono/*', '@hono/*', 'pino', 'pino-*',
  'node:fs', 'node:fs/*', 'fs', 'fs/*', 'node:http', 'node:https', 'node:http2', 'node:net', 'node:child_process',
  'node:worker_threads', 'node:os', 'http', 'https', 'net', 'child_process', 'os',
  '**/db/*', '**/api/*', '**/modules/*', '**/cli/*', '**/jobs/*',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'web/dist/**', 'scratch/**', '.daihou/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', Buffer: 'readonly', performance: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: IO_MODULES, message: 'src/domain/ is pure: no I/O. Take data as arguments; load and store in a module.' }] }],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/domain/ is pure: pass settings in as arguments.' },
        { name: 'fetch', message: 'src/domain/ is pure: no network.' },
        { name: 'performance', message: 'src/domain/ reads no clock.' },
        { name: 'setTimeout', message: 'src/domain/ has no timers.' },
        { name: 'setInterval', message: 'src/domain/ has no timers.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/domain/ reads no clock: take the business date as an argument.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'src/domain/ reads no clock: take the business date as an argument.' },
        { selector: "CallExpression[callee.name='Date']", message: 'src/domain/ reads no clock: take the business date as an argument.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'src/domain/ is deterministic: pass a seed or a random source in.' },
      ],
    },
  },
  {
    // The web app runs in the browser: its globals, and React's rules of hooks.
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: reactHooks.configs.flat.recommended.plugins,
    rules: reactHooks.configs.flat.recommended.rules,
  },
);
