// Lint only what types alone cannot catch here: promises nobody awaits, switches that
// forget a state (a missing hazard state in a switch is a bug in this product), and SQL
// outside the repositories (docs/CODE_STYLE.md, "Layers").
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test-results/**', '**/*.mjs', '**/*.js'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // SQL lives in repositories: a service holds the workflow (transaction, rules, audit) and a
    // route the HTTP; neither may build a query. Types from kysely (Selectable, Transaction) are fine.
    files: ['apps/server/src/**/*.service.ts', 'apps/server/src/**/*.routes.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'kysely', allowTypeImports: true, message: 'SQL belongs in the feature\'s *.repository.ts (import type is fine).' }],
          patterns: [{ group: ['kysely/*'], allowTypeImports: true, message: 'SQL belongs in the feature\'s *.repository.ts (import type is fine).' }],
        },
      ],
    },
  },
  {
    // A feature is used by others only through its index.ts, which names what it offers; its
    // repositories, services and helpers are its own business (docs/CODE_STYLE.md, "Features").
    files: ['apps/server/src/features/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./[a-z-]+/(?!index\\.js$).+',
              message: "Import another feature through its index.ts ('../<feature>/index.js'); add what you need to that index.",
            },
          ],
        },
      ],
    },
  },
  {
    // The web calls the server only through the typed functions and hooks of apps/web/src/api,
    // whose request and answer types come from @xiaoan/contracts: no page, component, layout
    // or auth file writes an API path. (\x2F is "/": esquery regexes cannot contain a slash.)
    files: ['apps/web/src/pages/**', 'apps/web/src/components/**', 'apps/web/src/layout/**', 'apps/web/src/auth/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Literal[value=/^\\x2Fapi\\x2F/]', message: 'API paths live in apps/web/src/api: call the typed function in src/api instead.' },
        { selector: 'TemplateLiteral[quasis.0.value.raw=/^\\x2Fapi\\x2F/]', message: 'API paths live in apps/web/src/api: call the typed function in src/api instead.' },
        // One date and time format (lib/format.ts, Beijing time) and antd's Chinese date picker (components/DayPicker.tsx).
        { selector: "CallExpression[callee.property.name=/^toLocale(String|DateString|TimeString)$/]", message: 'Format dates and times with lib/format.ts (dateTime, dateOf …), not the browser locale.' },
        { selector: "JSXAttribute[name.name='type'][value.value='date']", message: 'Pick a day with components/DayPicker.tsx (antd DatePicker in zh_CN), not the browser date input.' },
      ],
    },
  },
);
