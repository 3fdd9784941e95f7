// ESLint flat config: typescript-eslint's recommended rules, Prettier owns formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const CLI_ONLY = [
  {
    group: ['@aws-sdk/*', 'commander', 'cli-table3', 'picocolors', '@viz-js/*', 'cdk-scaling-blueprints-cli'],
    message: 'CLI-only dependency: it belongs in packages/cli, not in the construct library.',
  },
  { group: ['**/packages/**'], message: 'The construct library must not import the CLI package.' },
];

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', '**/cdk.out/', 'coverage/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[value=/^arn:aws:/]',
          message: 'Do not hard-code arn:aws: - use Stack.of(this).formatArn() or Aws.PARTITION.',
        },
      ],
    },
  },
  {
    // Layering: the construct library (lib/) and the blueprints depend on the CDK only. The CLI's
    // dependencies (AWS SDK, commander, tables, colours, Graphviz) live in packages/cli, which
    // depends on the library, never the other way round.
    files: ['lib/**/*.ts', 'blueprints/**/*.ts', 'bin/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: CLI_ONLY }] },
  },
  {
    // lib/ never reaches into blueprints/, and validates its props without zod.
    files: ['lib/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...CLI_ONLY,
            { group: ['**/blueprints', '**/blueprints/**'], message: 'lib/ must not depend on blueprints/.' },
            {
              group: ['zod'],
              message: 'zod is for blueprint settings only; lib/ validates its props itself.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
