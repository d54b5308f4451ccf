import type { ParsedManifest } from '../types';
import { addDependency, emptyManifest, linesOf, span } from './common';
import { parseRequirement, urlSource } from './pep508';

const INDEX_OPTIONS = ['--index-url', '-i', '--extra-index-url', '--find-links', '-f', '--trusted-host'];

/**
 * requirements*.txt and constraints*.txt, as pip reads them: one requirement a line, `\` continues a
 * line, ` #` starts a comment, and options (`-r`, `-c`, `-e`, `--index-url`, …) stand alone or prefix
 * a requirement.
 */
export function parseRequirements(text: string): ParsedManifest {
  const manifest = emptyManifest('requirements.txt', 'pypi');
  let pending: { text: string; start: number; end: number } | undefined;
  for (const { line, start } of linesOf(text)) {
    const piece = pending ? pending.text + line : line;
    const pieceStart = pending ? pending.start : start;
    if (line.endsWith('\\')) {
      pending = { text: piece.slice(0, -1), start: pieceStart, end: start + line.length };
      continue;
    }
    const joined = pending !== undefined;
    pending = undefined;
    readLine(manifest, piece, pieceStart, start + line.length, joined);
  }
  if (pending) readLine(manifest, pending.text, pending.start, pending.end, true);
  return manifest;
}

function readLine(manifest: ParsedManifest, raw: string, start: number, end: number, joined = false): void {
  const comment = raw.search(/(?:^|\s)#/);
  const content = (comment < 0 ? raw : raw.slice(0, comment)).trim();
  if (!content) return;
  const lead = raw.length - raw.trimStart().length;
  const entry = span(start + lead, joined ? end : Math.min(end, start + lead + content.length));
  if (content.startsWith('-')) {
    const [option, ...restParts] = content.split(/[\s=]+/);
    const value = restParts.join(' ').trim();
    if (INDEX_OPTIONS.includes(option)) {
      manifest.registries.push({ key: option, url: value, span: entry });
      return;
    }
    if (option === '-e' || option === '--editable') {
      const target = content.slice(option.length).replace(/^[\s=]+/, '');
      const egg = /#egg=([A-Za-z0-9._-]+)/.exec(target)?.[1];
      const { source, ref } = urlSource(target);
      addDependency(manifest, { name: egg ?? target, spec: target, section: 'editable', source, ref, span: entry });
      return;
    }
    // -r, -c, --hash, --pre, --no-binary …: nothing to check by themselves.
    return;
  }
  const withoutHashes = content.replace(/\s--hash[=\s]\S+/g, '');
  if (/^(?:[a-z][a-z0-9+.-]*:\/\/|\.{0,2}\/)/i.test(withoutHashes)) {
    const egg = /#egg=([A-Za-z0-9._-]+)/.exec(withoutHashes)?.[1];
    const { source, ref } = urlSource(withoutHashes);
    addDependency(manifest, { name: egg ?? withoutHashes, spec: withoutHashes, section: 'requirements', source, ref, span: entry });
    return;
  }
  const requirement = parseRequirement(withoutHashes);
  if (!requirement) {
    manifest.problems.push({ message: `not a requirement pip can read: ${withoutHashes.slice(0, 60)}`, span: entry });
    return;
  }
  addDependency(manifest, { name: requirement.name, spec: requirement.spec, section: 'requirements', source: requirement.source, ref: requirement.ref, span: entry });
}

export const REQUIREMENTS_PATTERNS: readonly RegExp[] = [/(?:^|\s)#/, /[\s=]+/, /^[\s=]+/, /#egg=([A-Za-z0-9._-]+)/, /\s--hash[=\s]\S+/g, /^(?:[a-z][a-z0-9+.-]*:\/\/|\.{0,2}\/)/i];
