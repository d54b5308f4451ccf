import type { ParsedManifest } from '../types';
import { addDependency, emptyManifest, linesOf, span } from './common';
import { parseRequirement } from './pep508';

/**
 * go.mod. Its grammar is line-oriented (`require path version`, or a parenthesised block of such lines),
 * so a tokenizer per line is its parser, as in golang.org/x/mod.
 */
export function parseGoMod(text: string): ParsedManifest {
  const manifest = emptyManifest('go.mod', 'go');
  let block: string | undefined;
  for (const { line, start } of linesOf(text)) {
    const comment = line.indexOf('//');
    const content = (comment < 0 ? line : line.slice(0, comment)).trim();
    if (!content) continue;
    const lead = line.indexOf(content);
    const entry = span(start + lead, start + lead + content.length);
    if (block) {
      if (content === ')') {
        block = undefined;
        continue;
      }
      goDirective(manifest, block, content.split(/\s+/), entry);
      continue;
    }
    const words = content.split(/\s+/);
    if (words[1] === '(') {
      block = words[0];
      continue;
    }
    if (words[0] === 'module') manifest.ownName = words[1];
    else goDirective(manifest, words[0], words.slice(1), entry);
  }
  return manifest;
}

function goDirective(manifest: ParsedManifest, verb: string, words: string[], entry: ReturnType<typeof span>): void {
  if (verb === 'require' && words.length >= 2) {
    addDependency(manifest, { name: words[0], spec: words[1], section: 'require', source: 'registry', span: entry });
  } else if (verb === 'replace') {
    const arrow = words.indexOf('=>');
    if (arrow < 0) return;
    const target = words[arrow + 1] ?? '';
    const local = target.startsWith('.') || target.startsWith('/');
    addDependency(manifest, { name: words[0], spec: words.slice(arrow + 1).join(' '), section: 'replace', source: local ? 'file' : 'registry', span: entry });
    if (!local && target && target !== words[0]) addDependency(manifest, { name: target, spec: words[arrow + 2] ?? '', section: 'replace', source: 'registry', span: entry });
  }
}

/** Reads one Ruby or Groovy string literal at `i`; returns it and where it ends. */
function readString(line: string, i: number): { value: string; end: number } | undefined {
  const quote = line[i];
  if (quote !== '"' && quote !== "'") return undefined;
  const close = line.indexOf(quote, i + 1);
  return close < 0 ? undefined : { value: line.slice(i + 1, close), end: close + 1 };
}

/** The option name before a value: `git: `, `:git => `, `group = `, or undefined for a positional value. */
function optionKey(before: string): string | undefined {
  let end = before.trimEnd();
  if (end.endsWith('=>')) end = end.slice(0, -2).trimEnd();
  else if (end.endsWith(':') || end.endsWith('=')) end = end.slice(0, -1).trimEnd();
  else return undefined;
  let start = end.length;
  while (start > 0 && /[A-Za-z_]/.test(end[start - 1])) start--;
  return start < end.length ? end.slice(start) : undefined;
}

/** Every string literal of a line, in order, with `key:` names before them (Ruby hash options). */
function stringsOfLine(line: string): { key?: string; value: string }[] {
  const out: { key?: string; value: string }[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '#' && !line.slice(0, i).includes('"')) break;
    const literal = readString(line, i);
    if (literal) {
      out.push({ key: optionKey(line.slice(Math.max(0, i - 60), i)), value: literal.value });
      i = literal.end;
    } else i++;
  }
  return out;
}

/** Gemfile: `gem 'name', 'version', git:/github:/path:` lines and `source` lines. A tokenizer of the Ruby DSL's literal form. */
export function parseGemfile(text: string): ParsedManifest {
  const manifest = emptyManifest('Gemfile', 'rubygems');
  for (const { line, start } of linesOf(text)) {
    const content = line.trim();
    const lead = line.length - line.trimStart().length;
    const entry = span(start + lead, start + line.length);
    if (content.startsWith('source ')) {
      const url = stringsOfLine(content)[0]?.value;
      if (url) manifest.registries.push({ key: 'source', url, span: entry });
    } else if (/^gem[\s(]/.test(content)) {
      const strings = stringsOfLine(content);
      const name = strings[0]?.value;
      if (!name) continue;
      const options = Object.fromEntries(strings.slice(1).filter((s) => s.key).map((s) => [s.key, s.value]));
      const versions = strings.slice(1).filter((s) => !s.key).map((s) => s.value);
      const git = options.git ?? (options.github ? `https://github.com/${options.github}` : undefined);
      addDependency(manifest, {
        name, spec: git ?? options.path ?? versions.join(', '), section: 'gems', span: entry,
        source: git ? 'git' : options.path ? 'file' : 'registry', ref: options.ref ?? options.tag,
      });
    }
  }
  return manifest;
}

const GRADLE_CONFIGURATIONS = /^(implementation|api|compileOnly|runtimeOnly|testImplementation|testRuntimeOnly|testCompileOnly|androidTestImplementation|annotationProcessor|kapt|ksp|classpath|compile|testCompile|runtime|debugImplementation|releaseImplementation)\b/;

/** build.gradle and build.gradle.kts: `implementation 'g:a:v'`, `implementation("g:a:v")`, map notation, and repository URLs. */
export function parseGradle(text: string): ParsedManifest {
  const manifest = emptyManifest('build.gradle', 'maven');
  for (const { line, start } of linesOf(text)) {
    const content = line.trim();
    if (content.startsWith('//')) continue;
    const lead = line.length - line.trimStart().length;
    const entry = span(start + lead, start + line.length);
    const configuration = GRADLE_CONFIGURATIONS.exec(content);
    if (configuration) {
      const strings = stringsOfLine(content);
      const named = Object.fromEntries(strings.filter((s) => s.key).map((s) => [s.key, s.value]));
      let coordinate = strings.find((s) => !s.key)?.value;
      if (!coordinate && named.group && named.name) coordinate = `${named.group}:${named.name}${named.version ? `:${named.version}` : ''}`;
      if (!coordinate) continue;
      const [group, artifact, version] = coordinate.split(':');
      if (!artifact) continue;
      addDependency(manifest, { name: `${group}:${artifact}`, spec: version ?? '', section: configuration[1], source: 'registry', span: entry });
      continue;
    }
    if (/\burl\b|maven\s*\(/.test(content)) {
      const url = stringsOfLine(content).find((s) => /^(?:https?|file):/.test(s.value))?.value;
      if (url) manifest.registries.push({ key: 'repositories', url, span: entry });
    }
  }
  return manifest;
}

/** INI-style files: `[section]`, `key = value`, indented continuation lines, `#`/`;` comments. */
export function* iniEntries(text: string, separator: RegExp = /[=:]/): Generator<{ section: string; key: string; value: string; start: number; end: number; values: { text: string; start: number; end: number }[] }> {
  let section = '';
  let current: { section: string; key: string; value: string; start: number; end: number; values: { text: string; start: number; end: number }[] } | undefined;
  for (const { line, start } of linesOf(text)) {
    const trimmed = line.trim();
    const lead = line.length - line.trimStart().length;
    if (current && lead > 0 && trimmed && !trimmed.startsWith('#') && !trimmed.startsWith(';')) {
      current.values.push({ text: trimmed, start: start + lead, end: start + line.length });
      current.end = start + line.length;
      continue;
    }
    if (current) {
      yield current;
      current = undefined;
    }
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      section = trimmed.slice(1, -1).trim();
      continue;
    }
    const eq = trimmed.search(separator);
    if (eq < 0) continue;
    const key = trimmed.slice(0, eq).trim();
    const value = trimmed.slice(eq + 1).trim();
    const valueStart = start + lead + eq + 1 + (trimmed.slice(eq + 1).length - trimmed.slice(eq + 1).trimStart().length);
    current = { section, key, value, start: start + lead, end: start + line.length, values: value ? [{ text: value, start: valueStart, end: start + line.length }] : [] };
  }
  if (current) yield current;
}

/** .npmrc: `registry=`, `@scope:registry=`, and settings that weaken what npm checks. */
export function parseNpmrc(text: string): ParsedManifest {
  const manifest = emptyManifest('.npmrc', 'npm');
  // npm's ini keys contain colons (`@scope:registry`), so only `=` separates.
  for (const entry of iniEntries(text, /=/)) {
    if (entry.key === 'registry' || /^@[^:]+:registry$/.test(entry.key)) manifest.registries.push({ key: entry.key, url: entry.value, span: span(entry.start, entry.end) });
    else if (entry.key === 'strict-ssl' && entry.value === 'false') {
      manifest.registries.push({ key: entry.key, url: entry.value, span: span(entry.start, entry.end) });
    }
  }
  return manifest;
}

/** pip.conf / pip.ini: index-url, extra-index-url, find-links, trusted-host in any section. */
export function parsePipConf(text: string): ParsedManifest {
  const manifest = emptyManifest('pip.conf', 'pypi');
  for (const entry of iniEntries(text)) {
    if (['index-url', 'extra-index-url', 'find-links', 'trusted-host', 'index_url', 'extra_index_url'].includes(entry.key)) {
      for (const value of entry.values) for (const url of value.text.split(/\s+/).filter(Boolean)) manifest.registries.push({ key: entry.key, url, span: span(value.start, value.end) });
    }
  }
  return manifest;
}

/** setup.cfg: install_requires, setup_requires, tests_require and extras, one requirement a line. */
export function parseSetupCfg(text: string): ParsedManifest {
  const manifest = emptyManifest('setup.cfg', 'pypi');
  for (const entry of iniEntries(text)) {
    if (entry.section === 'metadata' && entry.key === 'name') manifest.ownName = entry.value;
    const isList = entry.section === 'options' && ['install_requires', 'setup_requires', 'tests_require'].includes(entry.key);
    if (!isList && entry.section !== 'options.extras_require') continue;
    // One requirement a line; a `;` starts an environment marker, which parseRequirement drops.
    for (const value of entry.values) {
      const requirement = parseRequirement(value.text);
      if (requirement) addDependency(manifest, { name: requirement.name, spec: requirement.spec, section: `${entry.section}.${entry.key}`, source: requirement.source, ref: requirement.ref, span: span(value.start, value.end) });
    }
  }
  return manifest;
}

/** Calls in setup.py that run commands or fetch code while the package installs. */
const SETUP_PY_ACTIONS = ['subprocess.', 'os.system', 'os.popen', 'os.exec', 'exec', 'eval', 'urlopen', 'urlretrieve', 'requests.get', 'requests.post', 'check_call', 'check_output', '__import__', 'b64decode', 'cmdclass'];

/** The first of `names` called (or, for cmdclass, assigned) on a line, as a whole word; a plain scan, no regex. */
function callsAny(line: string, names: readonly string[]): string | undefined {
  const compact = line.replace(/\s+/g, '');
  for (const name of names) {
    for (let at = compact.indexOf(name); at >= 0; at = compact.indexOf(name, at + 1)) {
      const before = at > 0 ? compact[at - 1] : '';
      if (/[A-Za-z0-9_.]/.test(before)) continue;
      let end = at + name.length;
      if (name.endsWith('.')) while (end < compact.length && /[A-Za-z0-9_]/.test(compact[end])) end++;
      if (compact[end] === '(' || compact[end] === '=') return name;
    }
  }
  return undefined;
}

/** setup.py: install_requires strings, and the lines that run commands (install-time code). */
export function parseSetupPy(text: string): ParsedManifest {
  const manifest = emptyManifest('setup.py', 'pypi');
  let inRequires = false;
  for (const { line, start } of linesOf(text)) {
    const content = line.trim();
    if (content.startsWith('#')) continue;
    const lead = line.length - line.trimStart().length;
    if (callsAny(content, SETUP_PY_ACTIONS)) manifest.hooks.push({ name: 'setup.py', command: content.slice(0, 200), span: span(start + lead, start + line.length) });
    if (/\binstall_requires\s*=/.test(content)) inRequires = true;
    if (!inRequires) continue;
    for (const literal of stringsOfLine(content.replace(/^.*install_requires\s*=/, ''))) {
      const requirement = parseRequirement(literal.value);
      if (requirement) addDependency(manifest, { name: requirement.name, spec: requirement.spec, section: 'install_requires', source: requirement.source, span: span(start + lead, start + line.length) });
    }
    if (content.includes(']')) inRequires = false;
  }
  return manifest;
}

/** build.rs: the whole file is code that cargo runs on every build. */
export function parseBuildRs(text: string): ParsedManifest {
  const manifest = emptyManifest('build.rs', 'cargo');
  const firstLine = text.indexOf('\n');
  manifest.hooks.push({ name: 'build.rs', command: text.slice(0, firstLine < 0 ? 200 : Math.min(firstLine, 200)), span: span(0, firstLine < 0 ? text.length : firstLine) });
  return manifest;
}

export const LINE_PATTERNS: readonly RegExp[] = [
  /\s+/,
  /[A-Za-z_]/,
  /^gem[\s(]/,
  GRADLE_CONFIGURATIONS,
  /\burl\b|maven\s*\(/,
  /^(?:https?|file):/,
  /[=:]/,
  /=/,
  /^@[^:]+:registry$/,
  /\s+/g,
  /[A-Za-z0-9_.]/,
  /[A-Za-z0-9_]/,
  /\binstall_requires\s*=/,
  /^.*install_requires\s*=/,
];
