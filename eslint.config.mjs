// Flat config. The engine must stay host-agnostic: nothing under src/core may import vscode, the CLI or the extension.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', 'media/**/*.min.js', 'coverage/**', 'demo/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core is host-agnostic: no vscode imports.' }],
        patterns: [{ group: ['**/extension/**', '**/cli/**'], message: 'src/core must not depend on the CLI or the extension.' }],
      }],
    },
  },
);
