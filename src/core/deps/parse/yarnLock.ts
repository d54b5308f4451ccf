import type { ParsedManifest } from '../types';
import { addDependency, emptyManifest, linesOf, span } from './common';
import { lockSource } from './json';
import { parseYarnBerryLock } from './yaml';

/**
 * yarn.lock. Yarn 1 writes its own format (not YAML): unindented headers listing `name@range` specifiers,
 * then indented `key value` lines. Yarn 2+ writes YAML with a `__metadata` block, read by the YAML parser.
 */
export function parseYarnLock(text: string): ParsedManifest {
  if (/^__metadata:/m.test(text.slice(0, 2000))) return parseYarnBerryLock(text);
  const manifest = emptyManifest('yarn.lock', 'npm', true);
  let current: { name: string; start: number; end: number; version: string; resolved?: string; integrity?: string } | undefined;
  const flush = () => {
    if (!current) return;
    const resolved = current.resolved;
    addDependency(manifest, {
      name: current.name, spec: current.version, section: 'packages', locked: true, resolved, integrity: current.integrity,
      source: resolved ? lockSource(resolved) : 'registry', span: span(current.start, current.end),
    });
    current = undefined;
  };
  for (const { line, start } of linesOf(text)) {
    if (line === '' || line.startsWith('#')) continue;
    if (!line.startsWith(' ')) {
      flush();
      if (!line.endsWith(':')) {
        manifest.problems.push({ message: 'yarn.lock line is neither an entry header nor a field', span: span(start, start + line.length) });
        continue;
      }
      const first = unquote(line.slice(0, -1).split(',')[0].trim());
      const at = first.indexOf('@', 1);
      current = { name: at > 0 ? first.slice(0, at) : first, start, end: start + line.length, version: '' };
      continue;
    }
    if (!current || line.startsWith('    ')) continue;
    const field = line.trim();
    const space = field.indexOf(' ');
    if (space < 0) continue;
    const key = field.slice(0, space);
    const value = unquote(field.slice(space + 1).trim());
    if (key === 'version') current.version = value;
    else if (key === 'resolved') current.resolved = value;
    else if (key === 'integrity') current.integrity = value;
  }
  flush();
  return manifest;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

export const YARN_LOCK_PATTERNS: readonly RegExp[] = [/^__metadata:/m];
