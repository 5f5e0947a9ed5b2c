// Lint: typescript-eslint plus the import rules of ARCHITECTURE.md.
//   core imports only zod and FHIR type definitions (no node: modules, no I/O);
//   web never imports server; server never imports web;
//   in the server, http/ imports neither kysely nor the store's queries, and services/ never import http/.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const serverNeverImportsWeb = { regex: '^(@kairos/web|.*packages/web)', message: 'server never imports web.' };

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test-output/**', '.test-cache/**', 'scratch/**', '.tsbuild/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.d.mts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      // A callback prop or a service method is a property holding a function: passing it on
      // (destructured props, \`onClose={onClose}\`) is then safe, and unbound-method can check the rest.
      '@typescript-eslint/method-signature-style': ['error', 'property'],
      // A switch over a union names every member (or says what the rest do).
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    // core: pure. Only zod, FHIR type definitions and its own files.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'core is pure: no Node modules, no I/O.' })),
          patterns: [
            {
              regex: '^(?!zod$|zod/|@medplum/fhirtypes$|\\.{1,2}/)',
              message: 'core imports only zod, @medplum/fhirtypes and its own files.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'core reads no environment.' },
        { name: 'fetch', message: 'core does no I/O.' },
        { name: 'setTimeout', message: 'core has no clock.' },
        { name: 'setInterval', message: 'core has no clock.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'core has no clock: time is an argument.' },
        { object: 'Math', property: 'random', message: 'core is deterministic.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core has no clock: time is an argument.' },
      ],
    },
  },
  {
    files: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(@kairos/server|@kairos/web)', message: 'core tests import only core.' }] },
      ],
    },
  },
  {
    // api: the contract. Only zod, core's types and schemas, and its own files.
    files: ['packages/api/src/**/*.ts'],
    ignores: ['packages/api/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'the API contract is pure: no Node modules.' })),
          patterns: [
            {
              regex: '^(?!zod$|zod/|@kairos/core$|\\.{1,2}/)',
              message: 'the API contract imports only zod, @kairos/core and its own files.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/api/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(@kairos/server|@kairos/web)', message: 'contract tests import only the contract, core and tools.' }] },
      ],
    },
  },
  {
    files: ['packages/web/**/*.ts', 'packages/web/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(@kairos/server|.*packages/server)', message: 'web never imports server.' }] },
      ],
    },
  },
  {
    files: ['packages/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [serverNeverImportsWeb] }],
    },
  },
  {
    // The server's layers (ARCHITECTURE.md): routes parse, authorise, call a use case and answer.
    // No SQL in http/: no kysely, and nothing from the store but types.
    files: ['packages/server/src/http/**/*.ts'],
    ignores: ['packages/server/src/http/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'kysely', message: 'http/ runs no SQL: move the query into a use case in services/.' }],
          patterns: [
            serverNeverImportsWeb,
            {
              regex: '(^|/)store/',
              allowTypeImports: true,
              message: 'http/ runs no SQL: only types come from the store; queries live in services/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Services are below HTTP: they never import it (the permission table lives in services/access/).
    files: ['packages/server/src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            serverNeverImportsWeb,
            { regex: '(^|/)http/', message: 'services/ never import the HTTP layer: what both need lives in services/.' },
          ],
        },
      ],
    },
  },
  {
    // The server reads time from its clock (clock.ts), so demo and test mode can move it.
    files: ['packages/server/src/**/*.ts'],
    ignores: ['packages/server/src/**/*.test.ts', 'packages/server/src/clock.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'read time from the Clock (clock.ts).' }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'read time from the Clock (clock.ts).' },
      ],
    },
  },
  {
    // Tests match with \`expect.any()\` and \`expect.objectContaining()\` (typed any) and mock with
    // async functions that need no await: the unsafe-any and require-await rules guard product code.
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts', 'packages/server/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: { 'no-console': 'off' },
  },
);
