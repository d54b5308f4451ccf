import type { Node } from 'jsonc-parser';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { IMPORT_PATTERNS, jsImports, packageOfSpecifier, pythonImports } from '../../deps/imports';
import { parseManifest } from '../../deps/manifest';
import { canonicalName } from '../../deps/names';
import { NODE_BUILTINS, PYTHON_IMPORT_TO_DISTRIBUTION, PYTHON_NAMESPACES, PYTHON_STDLIB } from '../../deps/stdlib';
import type { ManifestKind } from '../../deps/types';
import { JS_FAMILY } from '../../scan/language';
import type { ProjectFiles, Rule, RuleContext } from '../types';
import { show } from './shared';

/** What the manifests above a file declare. */
interface Declared {
  /** The manifests read, nearest first, for the message. */
  manifests: string[];
  names: Set<string>;
  /** Scopes of the project's own packages (workspace siblings share them). */
  ownScopes: Set<string>;
  /** tsconfig/jsconfig `paths` patterns, as prefix and whether it ends in `*`. */
  aliases: { prefix: string; wildcard: boolean }[];
}

const PYTHON_MANIFESTS: [string, ManifestKind][] = [
  ['pyproject.toml', 'pyproject.toml'], ['setup.cfg', 'setup.cfg'], ['setup.py', 'setup.py'], ['Pipfile', 'Pipfile'],
  ['requirements.txt', 'requirements.txt'], ['requirements-dev.txt', 'requirements.txt'], ['requirements-test.txt', 'requirements.txt'],
  ['dev-requirements.txt', 'requirements.txt'], ['requirements/base.txt', 'requirements.txt'], ['requirements/dev.txt', 'requirements.txt'],
];

// One cache per project object, so each directory's manifests are read and parsed once per scan.
const caches = new WeakMap<ProjectFiles, Map<string, Promise<Declared | undefined>>>();

function cached(project: ProjectFiles, key: string, compute: () => Promise<Declared | undefined>): Promise<Declared | undefined> {
  let cache = caches.get(project);
  if (!cache) {
    cache = new Map();
    caches.set(project, cache);
  }
  let hit = cache.get(key);
  if (!hit) {
    hit = compute();
    cache.set(key, hit);
  }
  return hit;
}

/** The folders from a file's own up to the root: `a/b/c.ts` gives `a/b/`, `a/`, ``. */
function ancestors(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  const out: string[] = [];
  for (let i = parts.length; i >= 0; i--) out.push(parts.slice(0, i).map((p) => `${p}/`).join(''));
  return out;
}

function jsonTree(text: string | undefined): Node | undefined {
  if (!text) return undefined;
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  return root?.type === 'object' ? root : undefined;
}

async function declaredForJs(project: ProjectFiles, path: string): Promise<Declared | undefined> {
  const dirs = ancestors(path);
  return cached(project, `js:${dirs[0]}`, async () => {
    const declared: Declared = { manifests: [], names: new Set(), ownScopes: new Set(), aliases: [] };
    let tsconfigFound = false;
    for (const dir of dirs) {
      const manifestText = await project.readText(`${dir}package.json`);
      if (manifestText !== undefined) {
        const manifest = parseManifest('package.json', manifestText);
        declared.manifests.push(`${dir}package.json`);
        for (const name of await workspaceNames(project, dir, manifestText)) declared.names.add(name);
        for (const dep of manifest.dependencies) declared.names.add(dep.name);
        if (manifest.ownName) {
          declared.names.add(manifest.ownName);
          if (manifest.ownName.startsWith('@')) declared.ownScopes.add(manifest.ownName.slice(0, manifest.ownName.indexOf('/')));
        }
      }
      if (!tsconfigFound) {
        for (const name of ['tsconfig.json', 'jsconfig.json']) {
          const paths = findNodeAtLocation(jsonTree(await project.readText(`${dir}${name}`)) ?? ({} as Node), ['compilerOptions', 'paths']);
          if (!paths) continue;
          tsconfigFound = true;
          for (const property of paths.children ?? []) {
            const key = String(property.children?.[0]?.value ?? '');
            declared.aliases.push(key.endsWith('*') ? { prefix: key.slice(0, -1), wildcard: true } : { prefix: key, wildcard: false });
          }
        }
      }
    }
    return declared.manifests.length ? declared : undefined;
  });
}

/**
 * Names of the workspace packages a package.json's `workspaces` (npm, Yarn) lists: exact folders and
 * one-level `dir/*` globs, read through the project's folder listing. Deeper globs are not expanded.
 */
async function workspaceNames(project: ProjectFiles, dir: string, manifestText: string): Promise<string[]> {
  const root = jsonTree(manifestText);
  const node = root && (findNodeAtLocation(root, ['workspaces', 'packages']) ?? findNodeAtLocation(root, ['workspaces']));
  if (!node || node.type !== 'array') return [];
  const folders: string[] = [];
  for (const item of (node.children ?? []).slice(0, 100)) {
    const pattern = typeof item.value === 'string' ? item.value.replace(/^\.\//, '').replace(/\/$/, '') : '';
    if (!pattern || pattern.includes('..') || pattern.startsWith('!')) continue;
    if (pattern.endsWith('/*') && !pattern.slice(0, -2).includes('*')) {
      const parent = `${dir}${pattern.slice(0, -2)}`;
      for (const sub of (await project.listFolders?.(parent)) ?? []) folders.push(`${parent}/${sub}`);
    } else if (!pattern.includes('*')) folders.push(`${dir}${pattern}`);
  }
  const names: string[] = [];
  for (const folder of folders.slice(0, 500)) {
    const tree = jsonTree(await project.readText(`${folder}/package.json`));
    const name = tree && findNodeAtLocation(tree, ['name'])?.value;
    if (typeof name === 'string') names.push(name);
  }
  return names;
}

async function declaredForPython(project: ProjectFiles, path: string): Promise<Declared | undefined> {
  const dirs = ancestors(path);
  return cached(project, `py:${dirs[0]}`, async () => {
    const declared: Declared = { manifests: [], names: new Set(), ownScopes: new Set(), aliases: [] };
    for (const dir of dirs) {
      for (const [file, kind] of PYTHON_MANIFESTS) {
        const text = await project.readText(`${dir}${file}`);
        if (text === undefined) continue;
        const manifest = parseManifest(kind, text);
        declared.manifests.push(`${dir}${file}`);
        for (const dep of manifest.dependencies) declared.names.add(canonicalName('pypi', dep.name));
        if (manifest.ownName) declared.names.add(canonicalName('pypi', manifest.ownName));
      }
    }
    return declared.manifests.length ? declared : undefined;
  });
}

/** True when a Python module is part of the project itself (a .py file or a package folder near the file or the root). */
async function isLocalPythonModule(project: ProjectFiles, path: string, module: string): Promise<boolean> {
  for (const dir of ancestors(path)) {
    for (const base of [dir, `${dir}src/`]) {
      for (const candidate of [`${base}${module}.py`, `${base}${module}/__init__.py`, `${base}${module}.pyi`, `${base}${module}/py.typed`]) {
        if ((await project.readText(candidate)) !== undefined) return true;
      }
    }
  }
  return false;
}

/** The distributions that may provide a top-level Python import, PEP 503 folded. */
function distributionsFor(specifier: string): string[] {
  const parts = specifier.split('.');
  const top = parts[0];
  const mapped = PYTHON_IMPORT_TO_DISTRIBUTION[top] ?? [];
  const out = [top, ...mapped].map((n) => canonicalName('pypi', n));
  if (PYTHON_NAMESPACES.has(top) && parts.length > 1) {
    out.push(canonicalName('pypi', parts.slice(0, 2).join('-')), canonicalName('pypi', parts.slice(0, 3).join('-')));
  }
  return out;
}

/** An import of a package that no manifest above the file declares. */
export const undeclaredImport: Rule = {
  meta: {
    id: 'dependencies/undeclared-import',
    category: 'dependency',
    severity: 'medium',
    confidence: 'medium',
    cwe: [1357],
    languages: [...JS_FAMILY, 'python'],
    keywords: ['import', 'require'],
    docs: {
      summary: 'Code imports a package that no manifest declares.',
      why: 'An undeclared import works only by accident (a transitive or globally installed package) or not at all, and whoever fixes it by installing the name may install a package an agent invented or mistyped, which an attacker can register.',
      fix: 'Declare the package in the nearest manifest (package.json, pyproject.toml, requirements.txt) after checking that it is the package meant, or remove the import.',
    },
    messages: {
      js: 'Import of {{name}}, which {{manifest}} does not declare',
      python: 'Import of {{module}}: no manifest declares {{distribution}}',
    },
  },
  async check(context) {
    if (!context.project) return;
    if (context.language === 'python') await checkPython(context, context.project);
    else await checkJs(context, context.project);
  },
  patterns: [...IMPORT_PATTERNS, /^\.\//, /\/$/],
};

async function checkJs(context: RuleContext, project: ProjectFiles): Promise<void> {
  const imports = jsImports(context.text, context.language);
  if (imports.length === 0) return;
  const declared = await declaredForJs(project, context.path);
  if (!declared) return;
  for (const item of imports) {
    const name = packageOfSpecifier(item.specifier);
    if (!name || NODE_BUILTINS.has(name) || NODE_BUILTINS.has(item.specifier)) continue;
    if (declared.names.has(name) || declared.names.has(`@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`)) continue;
    if (declared.aliases.some((a) => (a.wildcard ? item.specifier.startsWith(a.prefix) : item.specifier === a.prefix))) continue;
    if (name.startsWith('@') && declared.ownScopes.has(name.slice(0, name.indexOf('/')))) continue;
    context.report({
      messageId: 'js',
      data: { name: show(name), manifest: declared.manifests[0] },
      start: item.start,
      end: item.end,
      explanation: `This file imports ${show(name)}, but ${declared.manifests.join(', ')} ${declared.manifests.length > 1 ? 'do' : 'does'} not declare it. It works only if something else happens to install it, and installing the name to fix that may pull in a package an agent invented or mistyped. Check that ${show(name)} is the package meant, then declare it in ${declared.manifests[0]}.`,
    });
  }
}

async function checkPython(context: RuleContext, project: ProjectFiles): Promise<void> {
  const imports = pythonImports(context.text);
  if (imports.length === 0) return;
  const declared = await declaredForPython(project, context.path);
  if (!declared) return;
  const reported = new Set<string>();
  for (const item of imports) {
    const top = item.specifier.split('.')[0];
    if (PYTHON_STDLIB.has(top) || reported.has(item.specifier)) continue;
    const candidates = distributionsFor(item.specifier);
    if (candidates.some((c) => declared.names.has(c))) continue;
    if (PYTHON_NAMESPACES.has(top) && [...declared.names].some((n) => n.startsWith(`${top}-`))) continue;
    if (await isLocalPythonModule(project, context.path, top)) continue;
    reported.add(item.specifier);
    const mapped = PYTHON_IMPORT_TO_DISTRIBUTION[top]?.[0];
    const distribution = mapped && mapped !== top ? `${mapped} (the distribution that provides ${top})` : top;
    context.report({
      messageId: 'python',
      data: { module: item.specifier, distribution },
      start: item.start,
      end: item.end,
      explanation: `This file imports ${item.specifier}, but ${declared.manifests.join(', ')} ${declared.manifests.length > 1 ? 'do' : 'does'} not declare ${distribution}. It works only if something else installs it, and \`pip install ${top}\` may fetch a different or malicious package${mapped && mapped !== top ? `: the import ${top} comes from ${mapped}` : ''}. Check which distribution is meant, then declare it.`,
    });
  }
}
