import type { Node as YamlNode, Pair } from 'yaml';
import { isMap, isScalar, parseDocument } from 'yaml';
import type { ManifestKind, ParsedManifest } from '../types';
import { addDependency, emptyManifest, span } from './common';
import { lockSource } from './json';

/** Parses YAML with node ranges; errors become problems. The yaml library is used for its node ranges; values are read from nodes, so aliases are never expanded. */
function parseYaml(text: string, manifest: ParsedManifest) {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) {
    const error = doc.errors[0];
    manifest.problems.push({ message: `${manifest.kind} is not valid YAML (${error.message.split('\n')[0].slice(0, 120)})`, span: span(error.pos[0], error.pos[1]) });
    return undefined;
  }
  return doc;
}

function pairsOf(node: unknown): Pair<YamlNode, YamlNode>[] {
  return isMap(node) ? (node.items as Pair<YamlNode, YamlNode>[]) : [];
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

function get(node: unknown, key: string): unknown {
  return pairsOf(node).find((p) => scalarText(p.key) === key)?.value;
}

function keySpan(pair: Pair<YamlNode, YamlNode>) {
  const range = (pair.key as YamlNode | null)?.range;
  return range ? span(range[0], range[1]) : span(0, 0);
}

/** pnpm-lock.yaml, versions 5 to 9: `packages` keys are `/name/1.0.0`, `/name@1.0.0` or `name@1.0.0(peer@2)`. */
export function parsePnpmLock(text: string): ParsedManifest {
  const manifest = emptyManifest('pnpm-lock.yaml', 'npm', true);
  const doc = parseYaml(text, manifest);
  if (!doc) return manifest;
  for (const pair of pairsOf(get(doc.contents, 'packages'))) {
    const key = scalarText(pair.key);
    if (!key) continue;
    const { name, version } = pnpmKey(key);
    const resolution = get(pair.value, 'resolution');
    const tarball = scalarText(get(resolution, 'tarball'));
    const repo = scalarText(get(resolution, 'repo'));
    const directory = scalarText(get(resolution, 'directory'));
    const resolved = tarball ?? repo;
    addDependency(manifest, {
      name, spec: version, section: 'packages', locked: true, resolved,
      source: repo ? 'git' : directory ? 'file' : tarball ? (tarball.startsWith('file:') ? 'file' : 'tarball') : 'registry',
      integrity: scalarText(get(resolution, 'integrity')),
      hasInstallScript: get(pair.value, 'requiresBuild') !== undefined && scalarText(get(pair.value, 'requiresBuild')) !== 'false',
      span: keySpan(pair),
    });
  }
  return manifest;
}

function pnpmKey(key: string): { name: string; version: string } {
  let k = key.startsWith('/') ? key.slice(1) : key;
  const paren = k.indexOf('(');
  if (paren > 0) k = k.slice(0, paren);
  const at = k.indexOf('@', 1);
  if (at > 0) return { name: k.slice(0, at), version: k.slice(at + 1) };
  const slash = k.lastIndexOf('/');
  return slash > 0 ? { name: k.slice(0, slash), version: k.slice(slash + 1) } : { name: k, version: '' };
}

/** Yarn 2+ (berry) yarn.lock is YAML: keys `"a@npm:^1, a@npm:^1.1"`, fields resolution and checksum. */
export function parseYarnBerryLock(text: string): ParsedManifest {
  const manifest = emptyManifest('yarn.lock', 'npm', true);
  const doc = parseYaml(text, manifest);
  if (!doc) return manifest;
  for (const pair of pairsOf(doc.contents)) {
    const key = scalarText(pair.key);
    if (!key || key === '__metadata') continue;
    const first = key.split(',')[0].trim();
    const at = first.indexOf('@', 1);
    const name = at > 0 ? first.slice(0, at) : first;
    const resolution = scalarText(get(pair.value, 'resolution')) ?? '';
    const protocol = resolution.slice(resolution.indexOf('@', 1) + 1);
    const source = protocol.startsWith('npm:') ? 'registry' : protocol.startsWith('workspace:') ? 'workspace' : protocol.startsWith('link:') || protocol.startsWith('portal:') ? 'link' : protocol.startsWith('file:') ? 'file' : protocol.includes('git') ? 'git' : protocol.startsWith('http') ? 'tarball' : 'registry';
    addDependency(manifest, {
      name, spec: scalarText(get(pair.value, 'version')) ?? '', section: 'packages', locked: true, source,
      resolved: source === 'registry' || source === 'workspace' ? undefined : protocol,
      // Berry writes no checksum for workspaces, links and patches by design.
      integrity: scalarText(get(pair.value, 'checksum')) ?? (source === 'registry' ? undefined : 'n/a'),
      span: keySpan(pair),
    });
  }
  return manifest;
}

/** .yarnrc.yml: npmRegistryServer, per-scope registries, and settings that let scripts or plain http in. */
export function parseYarnrc(text: string): ParsedManifest {
  const manifest = emptyManifest('.yarnrc.yml', 'npm');
  const doc = parseYaml(text, manifest);
  if (!doc) return manifest;
  for (const pair of pairsOf(doc.contents)) {
    const key = scalarText(pair.key);
    if (key === 'npmRegistryServer' || key === 'npmPublishRegistry') {
      const url = scalarText(pair.value);
      if (url) manifest.registries.push({ key, url, span: valueSpan(pair) });
    } else if (key === 'npmScopes') {
      for (const scope of pairsOf(pair.value)) {
        const server = pairsOf(scope.value).find((p) => scalarText(p.key) === 'npmRegistryServer');
        const url = server && scalarText(server.value);
        if (server && url) manifest.registries.push({ key: `npmScopes.${scalarText(scope.key)}.npmRegistryServer`, url, span: valueSpan(server) });
      }
    }
  }
  return manifest;
}

function valueSpan(pair: Pair<YamlNode, YamlNode>) {
  const start = (pair.key as YamlNode | null)?.range?.[0] ?? 0;
  const end = (pair.value as YamlNode | null)?.range?.[1] ?? start;
  return span(start, end);
}

/** Kinds this module parses, for the dispatcher. */
export const YAML_KINDS: readonly ManifestKind[] = ['pnpm-lock.yaml', '.yarnrc.yml'];
export { lockSource };
