import type { AST, parseTOML as ParseToml } from 'toml-eslint-parser' with { 'resolution-mode': 'import' };
import { npmSourceOf } from '../specs';
import type { ManifestKind, ParsedManifest, SourceKind } from '../types';
import { addDependency, emptyManifest, span } from './common';
import { parseRequirement } from './pep508';

// toml-eslint-parser is ESM-only; the bundle inlines it and Node 20.19+ can require it, which tsx does in tests.
// It is used because it is a full TOML 1.0 parser that keeps the offset of every key and value.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const toml = require('toml-eslint-parser') as { parseTOML: typeof ParseToml };

type ValueNode = AST.TOMLContentNode;

/** One `key = value` with its full dotted path (table path plus key path). */
interface Entry {
  path: string[];
  node: AST.TOMLKeyValue;
  value: ValueNode;
}

function keyPath(key: AST.TOMLKey): string[] {
  return key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
}

/** Parses TOML; a syntax error becomes a problem at its place. */
function parse(text: string, manifest: ParsedManifest): Entry[] | undefined {
  let program: AST.TOMLProgram;
  try {
    program = toml.parseTOML(text);
  } catch (error) {
    const e = error as { message?: string; index?: number };
    const at = typeof e.index === 'number' ? e.index : 0;
    manifest.problems.push({ message: `${manifest.kind} is not valid TOML (${String(e.message ?? error).split('\n')[0].slice(0, 120)})`, span: span(at, at + 1) });
    return undefined;
  }
  const entries: Entry[] = [];
  const top = program.body[0];
  for (const item of top?.body ?? []) {
    if (item.type === 'TOMLKeyValue') entries.push({ path: keyPath(item.key), node: item, value: item.value });
    else for (const kv of item.body) entries.push({ path: [...keyPath(item.key), ...keyPath(kv.key)], node: kv, value: kv.value });
  }
  return entries;
}

function str(node: ValueNode | undefined): string | undefined {
  return node?.type === 'TOMLValue' && node.kind === 'string' ? node.value : undefined;
}

function tableField(node: ValueNode, field: string): ValueNode | undefined {
  if (node.type !== 'TOMLInlineTable') return undefined;
  return node.body.find((kv) => keyPath(kv.key).join('.') === field)?.value;
}

function nodeSpan(node: { range: [number, number] }) {
  return span(node.range[0], node.range[1]);
}

function same(path: string[], ...expected: string[]): boolean {
  return path.length === expected.length && path.every((p, i) => p === expected[i]);
}

/** A list of PEP 508 strings, e.g. `[project] dependencies`. */
function addRequirementArray(manifest: ParsedManifest, value: ValueNode, section: string): void {
  if (value.type !== 'TOMLArray') return;
  for (const element of value.elements) {
    const text = str(element);
    if (text === undefined) continue;
    const requirement = parseRequirement(text);
    if (!requirement) {
      manifest.problems.push({ message: `not a valid requirement: ${text.slice(0, 60)}`, span: nodeSpan(element) });
      continue;
    }
    addDependency(manifest, { name: requirement.name, spec: requirement.spec, section, source: requirement.source, ref: requirement.ref, span: nodeSpan(element) });
  }
}

/** A table of `name = "spec"` or `name = { version, git, path, url, … }` (Poetry, Pipfile, Cargo, uv sources). */
function addNamedDependency(manifest: ParsedManifest, entry: Entry, name: string, section: string): void {
  const { value, node } = entry;
  let spec = str(value) ?? '';
  let source: SourceKind = 'registry';
  let ref: string | undefined;
  let realName = name;
  if (value.type === 'TOMLInlineTable') {
    spec = str(tableField(value, 'version')) ?? '';
    const git = str(tableField(value, 'git')) ?? str(tableField(value, 'github'));
    const path = str(tableField(value, 'path')) ?? str(tableField(value, 'file'));
    const url = str(tableField(value, 'url'));
    ref = str(tableField(value, 'rev')) ?? str(tableField(value, 'tag')) ?? str(tableField(value, 'ref')) ?? str(tableField(value, 'branch'));
    if (str(tableField(value, 'branch'))) ref = undefined;
    if (git) [source, spec] = ['git', git];
    else if (path) [source, spec] = ['file', path];
    else if (url) [source, spec] = [/\.(?:whl|tar\.gz|tgz|zip|crate)$/i.test(url) ? 'tarball' : 'url', url];
    else if (tableField(value, 'workspace')) source = 'workspace';
    else if (str(tableField(value, 'index')) || str(tableField(value, 'registry'))) spec = spec || '';
    // Cargo's `package = "real"` renames: the crate fetched is the real one.
    realName = str(tableField(value, 'package')) ?? name;
  } else if (manifest.ecosystem === 'npm') {
    ({ source, ref } = npmSourceOf(spec));
  }
  addDependency(manifest, { name: realName, spec, section, source, ref, span: nodeSpan(node) });
}

/** pyproject.toml: PEP 621 project tables, PEP 735 groups, build requirements, Poetry, PDM and uv. */
export function parsePyproject(text: string): ParsedManifest {
  return parsePythonToml(text, 'pyproject.toml');
}

/** uv.toml: index settings only. */
export function parseUvToml(text: string): ParsedManifest {
  return parsePythonToml(text, 'uv.toml');
}

function parsePythonToml(text: string, kind: ManifestKind): ParsedManifest {
  const manifest = emptyManifest(kind, 'pypi');
  const entries = parse(text, manifest);
  if (!entries) return manifest;
  const uv = kind === 'uv.toml' ? [] : ['tool', 'uv'];
  for (const entry of entries) {
    const { path, value } = entry;
    const joined = path.join('.');
    if (same(path, 'project', 'name')) manifest.ownName = str(value);
    else if (same(path, 'project', 'dependencies')) addRequirementArray(manifest, value, 'project.dependencies');
    else if (path[0] === 'project' && path[1] === 'optional-dependencies' && path.length === 3) addRequirementArray(manifest, value, `project.optional-dependencies.${path[2]}`);
    else if (path[0] === 'dependency-groups' && path.length === 2) addRequirementArray(manifest, value, `dependency-groups.${path[1]}`);
    else if (same(path, 'build-system', 'requires')) addRequirementArray(manifest, value, 'build-system.requires');
    else if (same(path, ...uv, 'dev-dependencies')) addRequirementArray(manifest, value, 'tool.uv.dev-dependencies');
    else if (path[0] === 'tool' && path[1] === 'pdm' && path[2] === 'dev-dependencies' && path.length === 4) addRequirementArray(manifest, value, `tool.pdm.dev-dependencies.${path[3]}`);
    else if (path[0] === 'tool' && path[1] === 'poetry' && isPoetrySection(path)) {
      const name = path[path.length - 1];
      if (name !== 'python') addNamedDependency(manifest, entry, name, path.slice(0, -1).join('.'));
    } else if (path.length === uv.length + 2 && same(path.slice(0, uv.length + 1), ...uv, 'sources')) {
      addNamedDependency(manifest, entry, path[path.length - 1], 'tool.uv.sources');
    } else if (isIndexSetting(path, uv)) {
      for (const url of stringsOf(value)) manifest.registries.push({ key: joined, url: url.text, span: nodeSpan(url.node) });
    }
  }
  return manifest;
}

function isPoetrySection(path: string[]): boolean {
  // tool.poetry.dependencies.x, tool.poetry.dev-dependencies.x, tool.poetry.group.<g>.dependencies.x
  if (path.length === 4) return path[2] === 'dependencies' || path[2] === 'dev-dependencies';
  return path.length === 6 && path[2] === 'group' && path[4] === 'dependencies';
}

function isIndexSetting(path: string[], uv: string[]): boolean {
  const last = path[path.length - 1];
  const inUv = same(path.slice(0, uv.length), ...uv);
  if (inUv && path.length === uv.length + 1 && (last === 'index-url' || last === 'extra-index-url' || last === 'find-links')) return true;
  if (inUv && path.length === uv.length + 2 && path[uv.length] === 'index' && last === 'url') return true;
  return path.length === 4 && path[0] === 'tool' && (path[1] === 'poetry' || path[1] === 'pdm') && path[2] === 'source' && last === 'url';
}

function stringsOf(value: ValueNode): { text: string; node: ValueNode }[] {
  if (value.type === 'TOMLArray') return value.elements.flatMap((e) => (str(e) !== undefined ? [{ text: str(e)!, node: e }] : []));
  const text = str(value);
  return text === undefined ? [] : [{ text, node: value }];
}

/** Pipfile: [packages], [dev-packages] and [[source]] urls. */
export function parsePipfile(text: string): ParsedManifest {
  const manifest = emptyManifest('Pipfile', 'pypi');
  const entries = parse(text, manifest);
  if (!entries) return manifest;
  for (const entry of entries) {
    const { path, value } = entry;
    if (path.length === 2 && (path[0] === 'packages' || path[0] === 'dev-packages')) addNamedDependency(manifest, entry, path[1], path[0]);
    else if (same(path, 'source', 'url')) for (const url of stringsOf(value)) manifest.registries.push({ key: 'source.url', url: url.text, span: nodeSpan(url.node) });
  }
  return manifest;
}

/** Cargo.toml: every dependency table (target-specific and workspace ones too), [patch], and `build`. */
export function parseCargoToml(text: string): ParsedManifest {
  const manifest = emptyManifest('Cargo.toml', 'cargo');
  const entries = parse(text, manifest);
  if (!entries) return manifest;
  const sections = ['dependencies', 'dev-dependencies', 'build-dependencies'];
  const dottedTables = new Map<string, { section: string; name: string; fields: Map<string, string>; header: ReturnType<typeof span> }>();
  for (const entry of entries) {
    const { path, value } = entry;
    const name = path[path.length - 1];
    const table = path.slice(0, -1);
    if (same(path, 'package', 'name')) manifest.ownName = str(value);
    else if (same(path, 'package', 'build') && str(value)) manifest.hooks.push({ name: 'build', command: str(value)!, span: nodeSpan(entry.node) });
    else if (table.length === 1 && sections.includes(table[0])) addNamedDependency(manifest, entry, name, table[0]);
    else if (table.length === 2 && table[0] === 'workspace' && table[1] === 'dependencies') addNamedDependency(manifest, entry, name, 'workspace.dependencies');
    else if (table.length === 3 && table[0] === 'target' && sections.includes(table[2])) addNamedDependency(manifest, entry, name, `target.${table[1]}.${table[2]}`);
    else if (table.length === 2 && table[0] === 'patch') addNamedDependency(manifest, entry, name, `patch.${table[1]}`);
    else if (table.length === 2 && sections.includes(table[0])) dotted(table[0], table[1], entry);
  }
  // `[dependencies.serde]` tables: one dependency from several keys, reported at the table header.
  for (const { section, name, fields, header } of dottedTables.values()) {
    const git = fields.get('git');
    const path = fields.get('path');
    const ref = fields.get('rev') ?? fields.get('tag');
    addDependency(manifest, {
      name: fields.get('package') ?? name, spec: git ?? path ?? fields.get('version') ?? '', section,
      source: git ? 'git' : path ? 'file' : 'registry', ref: fields.get('branch') ? undefined : ref, span: header,
    });
  }
  return manifest;

  function dotted(section: string, name: string, entry: Entry): void {
    const key = `${section}\0${name}`;
    let table = dottedTables.get(key);
    if (!table) {
      const parent = entry.node.parent;
      const header = parent.type === 'TOMLTable' ? nodeSpan(parent.key) : nodeSpan(entry.node);
      table = { section, name, fields: new Map(), header };
      dottedTables.set(key, table);
    }
    const value = str(entry.value);
    if (value !== undefined) table.fields.set(entry.path[entry.path.length - 1], value);
  }
}

export const TOML_PATTERNS: readonly RegExp[] = [/\.(?:whl|tar\.gz|tgz|zip|crate)$/i];
