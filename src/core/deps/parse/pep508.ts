import type { SourceKind } from '../types';

/** A PEP 508 requirement: `name[extra] (>=1,<2) ; marker` or `name @ url`. */
export interface Requirement {
  name: string;
  spec: string;
  source: SourceKind;
  ref?: string;
  url?: string;
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;

/** Parses one requirement string; undefined when it has no name. Linear: one name match, then slicing. */
export function parseRequirement(text: string): Requirement | undefined {
  const trimmed = text.trim();
  const match = NAME.exec(trimmed);
  if (!match) return undefined;
  const name = match[0];
  let rest = trimmed.slice(name.length).trimStart();
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    rest = close < 0 ? '' : rest.slice(close + 1).trimStart();
  }
  const semicolon = rest.indexOf(';');
  if (rest.startsWith('@')) {
    const url = (semicolon < 0 ? rest.slice(1) : rest.slice(1, semicolon)).trim();
    return { name, spec: url, url, ...urlSource(url) };
  }
  let spec = (semicolon < 0 ? rest : rest.slice(0, semicolon)).trim();
  if (spec.startsWith('(') && spec.endsWith(')')) spec = spec.slice(1, -1).trim();
  return { name, spec, source: 'registry' };
}

/** Source kind of a requirement URL: VCS (`git+https://…@ref`), archive, or local path. */
export function urlSource(url: string): { source: SourceKind; ref?: string } {
  const lower = url.toLowerCase();
  if (/^(?:git|hg|svn|bzr)\+/.test(lower) || lower.startsWith('git://')) {
    const withoutFragment = url.split('#')[0];
    const at = withoutFragment.lastIndexOf('@');
    const slash = withoutFragment.lastIndexOf('/');
    return { source: 'git', ref: at > slash ? withoutFragment.slice(at + 1) : undefined };
  }
  if (lower.startsWith('file:') || lower.startsWith('.') || lower.startsWith('/')) return { source: 'file' };
  if (lower.startsWith('http://') || lower.startsWith('https://')) return { source: /\.(?:whl|tar\.gz|tgz|zip|tar\.bz2)(?:[?#]|$)/.test(lower) ? 'tarball' : 'url' };
  return { source: 'url' };
}

export const PEP508_PATTERNS: readonly RegExp[] = [NAME, /^(?:git|hg|svn|bzr)\+/, /\.(?:whl|tar\.gz|tgz|zip|tar\.bz2)(?:[?#]|$)/];
