import { baseName } from '../scan/language';
import { emptyManifest, span } from './parse/common';
import { parseComposerJson, parsePackageJson, parsePackageLock } from './parse/json';
import { parseBuildRs, parseGemfile, parseGoMod, parseGradle, parseNpmrc, parsePipConf, parseSetupCfg, parseSetupPy } from './parse/lines';
import { parseRequirements } from './parse/requirements';
import { parseCargoToml, parsePipfile, parsePyproject, parseUvToml } from './parse/toml';
import { parseMsbuild, parsePom } from './parse/xml';
import { parsePnpmLock, parseYarnrc } from './parse/yaml';
import { parseYarnLock } from './parse/yarnLock';
import type { ManifestKind, ParsedManifest } from './types';

const BY_NAME: Record<string, ManifestKind> = {
  'package.json': 'package.json',
  'package-lock.json': 'package-lock.json',
  'npm-shrinkwrap.json': 'package-lock.json',
  'yarn.lock': 'yarn.lock',
  'pnpm-lock.yaml': 'pnpm-lock.yaml',
  'composer.json': 'composer.json',
  'pyproject.toml': 'pyproject.toml',
  pipfile: 'Pipfile',
  'setup.cfg': 'setup.cfg',
  'setup.py': 'setup.py',
  'uv.toml': 'uv.toml',
  'pip.conf': 'pip.conf',
  'pip.ini': 'pip.conf',
  'go.mod': 'go.mod',
  'cargo.toml': 'Cargo.toml',
  'build.rs': 'build.rs',
  gemfile: 'Gemfile',
  'pom.xml': 'pom.xml',
  'build.gradle': 'build.gradle',
  'build.gradle.kts': 'build.gradle',
  '.npmrc': '.npmrc',
  '.yarnrc.yml': '.yarnrc.yml',
  'directory.packages.props': 'csproj',
  'nuget.config': 'csproj',
};

/** The manifest kind of a path, from its file name alone, or undefined for files that are not manifests. */
export function manifestKindOf(path: string): ManifestKind | undefined {
  const name = baseName(path).toLowerCase();
  const byName = BY_NAME[name];
  if (byName) return byName;
  if (name.endsWith('.txt') && (name.startsWith('requirements') || name.startsWith('constraints'))) return 'requirements.txt';
  if (name.endsWith('.txt') && /(?:^|\/)requirements\/[^/]+\.txt$/i.test(path)) return 'requirements.txt';
  if (name.endsWith('.csproj') || name.endsWith('.fsproj') || name.endsWith('.vbproj')) return 'csproj';
  return undefined;
}

const PARSERS: Record<ManifestKind, (text: string) => ParsedManifest> = {
  'package.json': parsePackageJson,
  'package-lock.json': parsePackageLock,
  'yarn.lock': parseYarnLock,
  'pnpm-lock.yaml': parsePnpmLock,
  'composer.json': parseComposerJson,
  'requirements.txt': parseRequirements,
  'pyproject.toml': parsePyproject,
  Pipfile: parsePipfile,
  'setup.cfg': parseSetupCfg,
  'setup.py': parseSetupPy,
  'uv.toml': parseUvToml,
  'pip.conf': parsePipConf,
  'go.mod': parseGoMod,
  'Cargo.toml': parseCargoToml,
  'build.rs': parseBuildRs,
  Gemfile: parseGemfile,
  'pom.xml': parsePom,
  'build.gradle': parseGradle,
  csproj: parseMsbuild,
  '.npmrc': parseNpmrc,
  '.yarnrc.yml': parseYarnrc,
};

/** Parses a manifest of a known kind. Never throws: a parser failure becomes a problem. */
export function parseManifest(kind: ManifestKind, text: string): ParsedManifest {
  try {
    return PARSERS[kind](text);
  } catch (error) {
    const manifest = emptyManifest(kind, 'npm');
    manifest.problems.push({ message: `${kind} could not be read (${error instanceof Error ? error.message.slice(0, 120) : 'error'})`, span: span(0, Math.min(text.length, 1)) });
    return manifest;
  }
}

export const MANIFEST_PATTERNS: readonly RegExp[] = [/(?:^|\/)requirements\/[^/]+\.txt$/i];
