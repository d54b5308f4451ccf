/** Languages and formats the rules know. `plaintext` is everything else. */
export type LanguageId =
  | 'javascript' | 'typescript' | 'javascriptreact' | 'typescriptreact' | 'vue' | 'html'
  | 'python' | 'go' | 'java' | 'kotlin' | 'csharp' | 'php' | 'ruby' | 'rust' | 'shellscript' | 'powershell'
  | 'json' | 'jsonc' | 'yaml' | 'toml' | 'xml' | 'ini' | 'properties' | 'dotenv' | 'dockerfile' | 'makefile'
  | 'markdown' | 'ipynb' | 'plaintext';

const BY_EXTENSION: Record<string, LanguageId> = {
  js: 'javascript', mjs: 'javascript', cjs: 'javascript',
  jsx: 'javascriptreact', tsx: 'typescriptreact',
  ts: 'typescript', mts: 'typescript', cts: 'typescript',
  vue: 'vue', html: 'html', htm: 'html', svelte: 'html',
  py: 'python', pyw: 'python', pyi: 'python',
  go: 'go', java: 'java', kt: 'kotlin', kts: 'kotlin', cs: 'csharp',
  php: 'php', rb: 'ruby', rake: 'ruby', gemspec: 'ruby', rs: 'rust',
  sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', ksh: 'shellscript',
  ps1: 'powershell', psm1: 'powershell',
  json: 'json', jsonc: 'jsonc', json5: 'jsonc', 'code-workspace': 'jsonc',
  yml: 'yaml', yaml: 'yaml', toml: 'toml',
  xml: 'xml', csproj: 'xml', fsproj: 'xml', vbproj: 'xml', props: 'xml', config: 'xml',
  ini: 'ini', cfg: 'ini', conf: 'ini', properties: 'properties',
  env: 'dotenv', dockerfile: 'dockerfile', md: 'markdown', markdown: 'markdown', mdc: 'markdown',
  ipynb: 'ipynb', txt: 'plaintext',
};

const BY_NAME: Record<string, LanguageId> = {
  dockerfile: 'dockerfile', containerfile: 'dockerfile', makefile: 'makefile', gnumakefile: 'makefile',
  justfile: 'makefile', jenkinsfile: 'plaintext', gemfile: 'ruby', rakefile: 'ruby', pipfile: 'toml',
  '.bashrc': 'shellscript', '.zshrc': 'shellscript', '.profile': 'shellscript', '.bash_profile': 'shellscript',
  '.npmrc': 'ini', '.pypirc': 'ini', '.yarnrc': 'ini', '.gitconfig': 'ini', '.editorconfig': 'ini',
  '.cursorrules': 'markdown', '.windsurfrules': 'markdown', '.clinerules': 'markdown',
  'tsconfig.json': 'jsonc', 'jsconfig.json': 'jsonc', 'settings.json': 'jsonc', 'tasks.json': 'jsonc',
  'launch.json': 'jsonc', 'extensions.json': 'jsonc', 'devcontainer.json': 'jsonc', 'mcp.json': 'jsonc',
};

/** Guesses the language from the file name alone; content sniffing costs too much on hot paths. */
export function detectLanguage(path: string): LanguageId {
  const name = baseName(path).toLowerCase();
  const byName = BY_NAME[name];
  if (byName) return byName;
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'dotenv';
  if (name.startsWith('dockerfile') || name.endsWith('.dockerfile')) return 'dockerfile';
  const dot = name.lastIndexOf('.');
  if (dot < 0) return 'plaintext';
  return BY_EXTENSION[name.slice(dot + 1)] ?? 'plaintext';
}

export function baseName(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash < 0 ? path : path.slice(slash + 1);
}

/** JavaScript-family languages parsed by typescript-estree. */
export const JS_FAMILY: readonly LanguageId[] = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact'];

/** Maps VS Code's language ids onto ours where they differ; unknown ids fall back to the file name. */
export function fromEditorLanguageId(editorLanguageId: string, path: string): LanguageId {
  const known = new Set<string>(Object.values(BY_EXTENSION).concat(Object.values(BY_NAME)));
  if (editorLanguageId === 'jsonc' || editorLanguageId === 'json') return editorLanguageId;
  if (known.has(editorLanguageId) && editorLanguageId !== 'plaintext') return editorLanguageId as LanguageId;
  return detectLanguage(path);
}
