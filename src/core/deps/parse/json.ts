import type { Node } from 'jsonc-parser';
import { findNodeAtLocation, parseTree, printParseErrorCode } from 'jsonc-parser';
import { npmSourceOf } from '../specs';
import type { ParsedManifest, SourceKind } from '../types';
import { addDependency, emptyManifest, span } from './common';

const NPM_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
/** npm lifecycle scripts that run on `npm install` without being asked for. */
export const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish', 'preprepare', 'postprepare'];

function parseJson(text: string, manifest: ParsedManifest): Node | undefined {
  const errors: { error: number; offset: number; length: number }[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const first = errors[0];
    manifest.problems.push({ message: `${manifest.kind} is not valid JSON (${printParseErrorCode(first.error as never)})`, span: span(first.offset, first.offset + Math.max(first.length, 1)) });
  }
  if (!root || root.type !== 'object') {
    if (!errors.length) manifest.problems.push({ message: `${manifest.kind} is not a JSON object`, span: span(0, 1) });
    return undefined;
  }
  return root;
}

function stringValue(node: Node | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

/** Each `"key": value` pair of an object node. */
function properties(node: Node | undefined): { key: string; keyNode: Node; value: Node; property: Node }[] {
  if (!node || node.type !== 'object' || !node.children) return [];
  const out = [];
  for (const property of node.children) {
    const [keyNode, value] = property.children ?? [];
    if (keyNode && value) out.push({ key: String(keyNode.value), keyNode, value, property });
  }
  return out;
}

/** package.json: every dependency section, overrides, resolutions, pnpm.overrides, lifecycle scripts. */
export function parsePackageJson(text: string): ParsedManifest {
  const manifest = emptyManifest('package.json', 'npm');
  const root = parseJson(text, manifest);
  if (!root) return manifest;
  manifest.ownName = stringValue(findNodeAtLocation(root, ['name']));
  for (const section of NPM_SECTIONS) {
    for (const { key, value, property } of properties(findNodeAtLocation(root, [section]))) {
      const spec = stringValue(value) ?? '';
      const { source, ref, alias } = npmSourceOf(spec);
      addDependency(manifest, { name: key, spec, section, source, ref, aliasOf: alias, span: span(property.offset, property.offset + property.length) });
    }
  }
  const overrideSections: [string, (string | number)[]][] = [['overrides', ['overrides']], ['resolutions', ['resolutions']], ['pnpm.overrides', ['pnpm', 'overrides']]];
  for (const [section, location] of overrideSections) walkOverrides(manifest, findNodeAtLocation(root, location), section);
  for (const { key, value, property } of properties(findNodeAtLocation(root, ['scripts']))) {
    if (INSTALL_SCRIPTS.includes(key)) manifest.hooks.push({ name: key, command: stringValue(value) ?? '', span: span(property.offset, property.offset + property.length) });
  }
  return manifest;
}

/** `overrides` nest (`"a": { "b": "1.0.0" }`); `resolutions` keys are paths (`"**\/b"`, `"a/b@1"`). */
function walkOverrides(manifest: ParsedManifest, node: Node | undefined, section: string, depth = 0): void {
  if (depth > 20) return;
  for (const { key, value, property } of properties(node)) {
    if (value.type === 'object') {
      walkOverrides(manifest, value, section, depth + 1);
      continue;
    }
    const spec = stringValue(value) ?? '';
    if (key === '.' || spec.startsWith('$')) continue;
    const name = overrideName(key);
    const { source, ref, alias } = npmSourceOf(spec);
    addDependency(manifest, { name, spec, section, source, ref, aliasOf: alias, span: span(property.offset, property.offset + property.length) });
  }
}

function overrideName(key: string): string {
  let name = key.replace(/^(?:\*\*\/)+/, '');
  // `a/b` in resolutions means b under a, unless a is a scope.
  const parts = name.split('/');
  if (parts.length > 1) name = parts[parts.length - 2].startsWith('@') ? parts.slice(-2).join('/') : parts[parts.length - 1];
  const at = name.lastIndexOf('@');
  return at > 0 ? name.slice(0, at) : name;
}

/** composer.json: require and require-dev, plus `repositories` that point Composer elsewhere. */
export function parseComposerJson(text: string): ParsedManifest {
  const manifest = emptyManifest('composer.json', 'packagist');
  const root = parseJson(text, manifest);
  if (!root) return manifest;
  manifest.ownName = stringValue(findNodeAtLocation(root, ['name']));
  for (const section of ['require', 'require-dev']) {
    for (const { key, value, property } of properties(findNodeAtLocation(root, [section]))) {
      // Platform requirements (php, ext-json, lib-icu) are not packages.
      if (key === 'php' || /^(?:ext|lib)-/.test(key) || key === 'composer-plugin-api') continue;
      const spec = stringValue(value) ?? '';
      addDependency(manifest, { name: key, spec, section, source: spec.startsWith('dev-') ? 'git' : 'registry', ref: spec.startsWith('dev-') ? spec : undefined, span: span(property.offset, property.offset + property.length) });
    }
  }
  const repositories = findNodeAtLocation(root, ['repositories']);
  for (const repo of repositories?.children ?? []) {
    const target = repo.type === 'property' ? repo.children?.[1] : repo;
    const url = findNodeAtLocation(target!, ['url']);
    const value = stringValue(url);
    if (url && value) manifest.registries.push({ key: 'repositories', url: value, span: span(url.offset, url.offset + url.length) });
  }
  for (const { key, value, property } of properties(findNodeAtLocation(root, ['scripts']))) {
    if (['pre-install-cmd', 'post-install-cmd', 'pre-update-cmd', 'post-update-cmd', 'post-autoload-dump', 'post-root-package-install'].includes(key)) {
      manifest.hooks.push({ name: key, command: value.type === 'array' ? (value.children ?? []).map((c) => String(c.value)).join(' && ') : (stringValue(value) ?? ''), span: span(property.offset, property.offset + property.length) });
    }
  }
  return manifest;
}

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  hasInstallScript?: boolean;
}

/**
 * The fast path for v2/v3 lockfiles, which npm writes as plain JSON: values from the native JSON.parse,
 * and each `packages` key's offset found by searching for its JSON spelling followed by a colon, in
 * order, after the `"packages"` key. Returns false (use the full parser) if the text is not strict JSON or a
 * key cannot be found. A duplicated key keeps JSON.parse's (and npm's) last value, located at its first spelling.
 */
function fastPackageLock(text: string, manifest: ParsedManifest): boolean {
  let data: { packages?: Record<string, LockEntry> };
  try {
    data = JSON.parse(text);
  } catch {
    return false;
  }
  const packages = data?.packages;
  if (!packages || typeof packages !== 'object') return false;
  let cursor = text.indexOf('"packages"');
  if (cursor < 0) return false;
  const found: { key: string; entry: LockEntry; start: number; end: number }[] = [];
  for (const [key, entry] of Object.entries(packages)) {
    const needle = JSON.stringify(key);
    let at = text.indexOf(needle, cursor);
    // The spelling must be a key: followed by a colon.
    while (at >= 0) {
      let after = at + needle.length;
      while (after < text.length && (text[after] === ' ' || text[after] === '\n' || text[after] === '\r' || text[after] === '\t')) after++;
      if (text[after] === ':') break;
      at = text.indexOf(needle, at + 1);
    }
    if (at < 0) return false;
    found.push({ key, entry, start: at, end: at + needle.length });
    cursor = at + needle.length;
  }
  for (const { key, entry, start, end } of found) {
    if (key === '' || !entry || typeof entry !== 'object') continue;
    const marker = key.lastIndexOf('node_modules/');
    const name = typeof entry.name === 'string' ? entry.name : marker >= 0 ? key.slice(marker + 'node_modules/'.length) : key;
    const resolved = typeof entry.resolved === 'string' ? entry.resolved : undefined;
    const source: SourceKind = entry.link === true ? 'link' : marker < 0 ? 'workspace' : resolved ? lockSource(resolved) : 'registry';
    addDependency(manifest, {
      name, spec: typeof entry.version === 'string' ? entry.version : '', section: 'packages', source, locked: true, resolved,
      integrity: typeof entry.integrity === 'string' ? entry.integrity : undefined, hasInstallScript: entry.hasInstallScript === true,
      span: span(start, end),
    });
  }
  return true;
}

/** package-lock.json and npm-shrinkwrap.json, lockfile versions 1 to 3. */
export function parsePackageLock(text: string): ParsedManifest {
  const manifest = emptyManifest('package-lock.json', 'npm', true);
  if (fastPackageLock(text, manifest)) return manifest;
  manifest.dependencies = [];
  manifest.problems = [];
  const root = parseJson(text, manifest);
  if (!root) return manifest;
  const packages = findNodeAtLocation(root, ['packages']);
  if (packages) {
    for (const { key, keyNode, value } of properties(packages)) {
      if (key === '' || value.type !== 'object') continue;
      const marker = key.lastIndexOf('node_modules/');
      const field = (name: string) => stringValue(findNodeAtLocation(value, [name]));
      const name = field('name') ?? (marker >= 0 ? key.slice(marker + 'node_modules/'.length) : key);
      const link = findNodeAtLocation(value, ['link'])?.value === true;
      const resolved = field('resolved');
      const version = field('version') ?? '';
      const source: SourceKind = link ? 'link' : marker < 0 ? 'workspace' : resolved ? lockSource(resolved) : 'registry';
      addDependency(manifest, {
        name, spec: version, section: 'packages', source, locked: true, resolved, integrity: field('integrity'),
        hasInstallScript: findNodeAtLocation(value, ['hasInstallScript'])?.value === true,
        span: span(keyNode.offset, keyNode.offset + keyNode.length),
      });
    }
    return manifest;
  }
  walkLockV1(manifest, findNodeAtLocation(root, ['dependencies']), 0);
  return manifest;
}

function walkLockV1(manifest: ParsedManifest, node: Node | undefined, depth: number): void {
  if (depth > 50) return;
  for (const { key, keyNode, value } of properties(node)) {
    if (value.type !== 'object') continue;
    const version = stringValue(findNodeAtLocation(value, ['version'])) ?? '';
    const resolved = stringValue(findNodeAtLocation(value, ['resolved']));
    const source = resolved ? lockSource(resolved) : npmSourceOf(version).source;
    addDependency(manifest, {
      name: key, spec: version, section: 'dependencies', source, locked: true, resolved,
      integrity: stringValue(findNodeAtLocation(value, ['integrity'])), span: span(keyNode.offset, keyNode.offset + keyNode.length),
    });
    walkLockV1(manifest, findNodeAtLocation(value, ['dependencies']), depth + 1);
  }
}

/** What a lockfile's resolved URL says about the source. */
export function lockSource(resolved: string): SourceKind {
  const lower = resolved.toLowerCase();
  if (lower.startsWith('git') || lower.includes('.git#') || lower.startsWith('github:')) return 'git';
  if (lower.startsWith('file:')) return 'file';
  if (lower.startsWith('link:')) return 'link';
  return 'registry';
}

export const JSON_PATTERNS: readonly RegExp[] = [/^(?:ext|lib)-/, /^(?:\*\*\/)+/];
