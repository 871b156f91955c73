// ESLint flat config. Run: node node_modules/eslint/bin/eslint.js lib
// (test/lint/eslint.test.ts runs it over lib/ as part of the suite).
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', 'notebooks/**', '.jupyter-local/**'] },
  {
    files: ['lib/**/*.ts'],
    languageOptions: { parser: tseslint.parser, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Randomness is an argument (STYLE.md): every stochastic function takes a seeded Rng (lib/random/rng.ts).
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Take a seeded Rng (lib/random/rng.ts) as a parameter; derive named streams with stageRng or rng.fork.' }],
      'no-restricted-globals': ['error', { name: 'crypto', message: 'Randomness is an argument: take a seeded Rng (lib/random/rng.ts).' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-require-imports': 'error',
    },
  },
];
