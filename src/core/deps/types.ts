/** Package ecosystems whose manifests Agent Guard reads. */
export type Ecosystem = 'npm' | 'pypi' | 'cargo' | 'go' | 'rubygems' | 'packagist' | 'maven' | 'nuget';

/**
 * Where a dependency comes from. `registry` is the ecosystem's default package registry (or one set in
 * the project's registry settings); everything else bypasses the registry's name and version checks.
 */
export type SourceKind = 'registry' | 'git' | 'url' | 'tarball' | 'file' | 'link' | 'workspace' | 'alias';

/** A span of manifest text: offsets, start inclusive, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** One dependency as a manifest declares it. */
export interface DeclaredDependency {
  ecosystem: Ecosystem;
  /** As written, e.g. `@types/node`, `PyYAML`, `serde`, `org.slf4j:slf4j-api`. */
  name: string;
  /** Version, range or source as written; empty when the manifest gives none. */
  spec: string;
  /** The section it sits in, e.g. `dependencies`, `devDependencies`, `project.dependencies`, `tool.poetry.group.dev`. */
  section: string;
  source: SourceKind;
  /** The whole entry (name and spec), where a finding points. */
  span: Span;
  /** True for lockfile entries (resolved versions, transitive packages included). */
  locked?: boolean;
  /** Lockfile: the URL the package was fetched from. */
  resolved?: string;
  /** Lockfile: the integrity hash, when the entry records one. */
  integrity?: string;
  /** Lockfile: npm says the package runs an install script. */
  hasInstallScript?: boolean;
  /** For npm aliases (`npm:real@1`): the package really installed. */
  aliasOf?: string;
  /** For VCS sources: the branch, tag or commit named, if any. */
  ref?: string;
}

/** A script that a package manager runs by itself (npm lifecycle scripts, build.rs, setup.py commands). */
export interface InstallHook {
  /** `postinstall`, `build.rs`, `setup.py` … */
  name: string;
  command: string;
  span: Span;
}

/** A setting that points a package manager at a registry or index. */
export interface RegistrySetting {
  /** The setting as written: `registry`, `@corp:registry`, `--index-url`, `npmRegistryServer`, `index-url`. */
  key: string;
  url: string;
  span: Span;
}

/** A problem reading a manifest: reported as a finding rather than thrown. */
export interface ManifestProblem {
  message: string;
  span: Span;
}

/** What one manifest says, with every entry's exact place in the text. */
export interface ParsedManifest {
  /** The manifest's kind, e.g. `package.json`, `requirements.txt`, `pyproject.toml`. */
  kind: ManifestKind;
  ecosystem: Ecosystem;
  lockfile: boolean;
  dependencies: DeclaredDependency[];
  hooks: InstallHook[];
  registries: RegistrySetting[];
  problems: ManifestProblem[];
  /** The package's own name, when the manifest gives it. */
  ownName?: string;
}

export type ManifestKind =
  | 'package.json' | 'package-lock.json' | 'yarn.lock' | 'pnpm-lock.yaml' | 'composer.json'
  | 'requirements.txt' | 'pyproject.toml' | 'Pipfile' | 'setup.cfg' | 'setup.py' | 'uv.toml' | 'pip.conf'
  | 'go.mod' | 'Cargo.toml' | 'build.rs' | 'Gemfile' | 'pom.xml' | 'build.gradle' | 'csproj'
  | '.npmrc' | '.yarnrc.yml';
