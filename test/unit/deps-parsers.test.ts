import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manifestKindOf, parseManifest } from '../../src/core/deps/manifest';
import type { ManifestKind, ParsedManifest } from '../../src/core/deps/types';
import { LineIndex } from '../../src/core/scan/lineIndex';

/** name → [line, spec, source] of every dependency, for compact assertions. */
function table(kind: ManifestKind, text: string): { deps: Record<string, [number, string, string]>; manifest: ParsedManifest } {
  const manifest = parseManifest(kind, text);
  const lines = new LineIndex(text);
  const deps: Record<string, [number, string, string]> = {};
  for (const dep of manifest.dependencies) deps[`${dep.section}:${dep.name}`] = [lines.position(dep.span.start).line, dep.spec, dep.source];
  return { deps, manifest };
}

const lineOf = (text: string, span: { start: number }) => new LineIndex(text).position(span.start).line;

describe('manifest kinds', () => {
  const kinds: [string, ManifestKind | undefined][] = [
    ['package.json', 'package.json'], ['web/package-lock.json', 'package-lock.json'], ['npm-shrinkwrap.json', 'package-lock.json'],
    ['yarn.lock', 'yarn.lock'], ['pnpm-lock.yaml', 'pnpm-lock.yaml'], ['requirements-dev.txt', 'requirements.txt'],
    ['constraints.txt', 'requirements.txt'], ['requirements/prod.txt', 'requirements.txt'], ['pyproject.toml', 'pyproject.toml'],
    ['Pipfile', 'Pipfile'], ['setup.cfg', 'setup.cfg'], ['go.mod', 'go.mod'], ['Cargo.toml', 'Cargo.toml'], ['Gemfile', 'Gemfile'],
    ['composer.json', 'composer.json'], ['pom.xml', 'pom.xml'], ['app/build.gradle.kts', 'build.gradle'], ['src/App.csproj', 'csproj'],
    ['.npmrc', '.npmrc'], ['.yarnrc.yml', '.yarnrc.yml'], ['pip.conf', 'pip.conf'], ['uv.toml', 'uv.toml'], ['build.rs', 'build.rs'],
    ['src/index.ts', undefined], ['notes.txt', undefined],
  ];
  for (const [path, kind] of kinds) it(`${path} is ${kind ?? 'not a manifest'}`, () => assert.equal(manifestKindOf(path), kind));
});

describe('package.json', () => {
  const text = `{
  "name": "demo",
  "scripts": {
    "build": "tsc",
    "postinstall": "node setup.js"
  },
  "dependencies": {
    "express": "^4.18.0",
    "mine": "git+https://github.com/me/mine.git#main",
    "short": "me/short",
    "local": "file:../local",
    "alias": "npm:real-pkg@1.0.0"
  },
  "devDependencies": { "typescript": "5.9.3" },
  "peerDependencies": { "react": ">=18" },
  "optionalDependencies": { "fsevents": "2.3.3" },
  "overrides": { "foo": { "bar": "1.0.0" } },
  "resolutions": { "**/baz": "2.0.0" },
  "pnpm": { "overrides": { "qux": "3.0.0" } }
}`;
  it('reads every section with exact lines', () => {
    const { deps, manifest } = table('package.json', text);
    assert.deepEqual(deps['dependencies:express'], [8, '^4.18.0', 'registry']);
    assert.deepEqual(deps['dependencies:mine'], [9, 'git+https://github.com/me/mine.git#main', 'git']);
    assert.deepEqual(deps['dependencies:short'], [10, 'me/short', 'git']);
    assert.deepEqual(deps['dependencies:local'], [11, 'file:../local', 'file']);
    assert.deepEqual(deps['dependencies:alias'], [12, 'npm:real-pkg@1.0.0', 'alias']);
    assert.equal(manifest.dependencies.find((d) => d.name === 'alias')?.aliasOf, 'real-pkg');
    assert.deepEqual(deps['devDependencies:typescript'], [14, '5.9.3', 'registry']);
    assert.deepEqual(deps['peerDependencies:react'], [15, '>=18', 'registry']);
    assert.deepEqual(deps['optionalDependencies:fsevents'], [16, '2.3.3', 'registry']);
    assert.deepEqual(deps['overrides:bar'], [17, '1.0.0', 'registry']);
    assert.deepEqual(deps['resolutions:baz'], [18, '2.0.0', 'registry']);
    assert.deepEqual(deps['pnpm.overrides:qux'], [19, '3.0.0', 'registry']);
    assert.equal(manifest.ownName, 'demo');
    assert.deepEqual(manifest.hooks.map((h) => [h.name, h.command, lineOf(text, h.span)]), [['postinstall', 'node setup.js', 5]]);
  });
});

describe('lockfiles', () => {
  it('package-lock.json v3: resolved, integrity, install scripts', () => {
    const text = `{
  "lockfileVersion": 3,
  "packages": {
    "": { "name": "demo" },
    "node_modules/a": { "version": "1.0.0", "resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz", "integrity": "sha512-x" },
    "node_modules/a/node_modules/@s/b": { "version": "2.0.0", "resolved": "https://evil.example/b.tgz", "hasInstallScript": true },
    "packages/w": { "version": "0.0.0" }
  }
}`;
    const manifest = parseManifest('package-lock.json', text);
    assert.deepEqual(manifest.dependencies.map((d) => [d.name, d.spec, d.source, !!d.integrity, !!d.hasInstallScript, lineOf(text, d.span)]), [
      ['a', '1.0.0', 'registry', true, false, 5],
      ['@s/b', '2.0.0', 'registry', false, true, 6],
      ['packages/w', '0.0.0', 'workspace', false, false, 7],
    ]);
  });

  it('package-lock.json v1 nests dependencies', () => {
    const text = '{"lockfileVersion":1,"dependencies":{"a":{"version":"1.0.0","integrity":"sha1-x","dependencies":{"b":{"version":"git+https://x/b.git#abc"}}}}}';
    assert.deepEqual(parseManifest('package-lock.json', text).dependencies.map((d) => [d.name, d.source]), [['a', 'registry'], ['b', 'git']]);
  });

  it('yarn.lock v1', () => {
    const text = '# yarn lockfile v1\n\n"@babel/core@^7.0.0", "@babel/core@^7.1.0":\n  version "7.1.0"\n  resolved "https://registry.yarnpkg.com/@babel/core/-/core-7.1.0.tgz"\n  integrity sha512-abc\n\nleft-pad@^1.0.0:\n  version "1.3.0"\n  resolved "https://evil.example/left-pad.tgz"\n';
    assert.deepEqual(parseManifest('yarn.lock', text).dependencies.map((d) => [d.name, d.spec, !!d.integrity, d.resolved, lineOf(text, d.span)]), [
      ['@babel/core', '7.1.0', true, 'https://registry.yarnpkg.com/@babel/core/-/core-7.1.0.tgz', 3],
      ['left-pad', '1.3.0', false, 'https://evil.example/left-pad.tgz', 8],
    ]);
  });

  it('yarn.lock berry (YAML)', () => {
    const text = '__metadata:\n  version: 6\n\n"lodash@npm:^4.17.21":\n  version: 4.17.21\n  resolution: "lodash@npm:4.17.21"\n  checksum: abc\n\n"x@https://evil.example/x.tgz":\n  version: 1.0.0\n  resolution: "x@https://evil.example/x.tgz"\n';
    assert.deepEqual(parseManifest('yarn.lock', text).dependencies.map((d) => [d.name, d.source, lineOf(text, d.span)]), [['lodash', 'registry', 4], ['x', 'tarball', 9]]);
  });

  it('pnpm-lock.yaml v6 and v9 keys', () => {
    const text = "lockfileVersion: '9.0'\npackages:\n  express@4.18.0:\n    resolution: {integrity: sha512-x}\n  /@scope/pkg@1.0.0(react@18.0.0):\n    resolution: {integrity: sha512-y}\n    requiresBuild: true\n  evil@1.0.0:\n    resolution: {tarball: https://evil.example/evil.tgz}\n";
    assert.deepEqual(parseManifest('pnpm-lock.yaml', text).dependencies.map((d) => [d.name, d.spec, d.source, !!d.hasInstallScript, lineOf(text, d.span)]), [
      ['express', '4.18.0', 'registry', false, 3],
      ['@scope/pkg', '1.0.0', 'registry', true, 5],
      ['evil', '1.0.0', 'tarball', false, 8],
    ]);
  });
});

describe('Python manifests', () => {
  it('requirements.txt: options, VCS, URLs, markers, continuations', () => {
    const text = '# top\nrequests>=2.31  # http\n-r base.txt\n-e git+https://github.com/me/pkg.git@main#egg=pkg\n--index-url https://pypi.example/simple\n--extra-index-url https://extra.example/simple\nflask[async]==3.0 ; python_version >= "3.9"\nnumpy \\\n  ==1.26\nhttps://files.example/x-1.0.whl\nname @ git+https://g.example/n.git@v1.0\n';
    const { deps, manifest } = table('requirements.txt', text);
    assert.deepEqual(deps['requirements:requests'], [2, '>=2.31', 'registry']);
    assert.deepEqual(deps['editable:pkg'], [4, 'git+https://github.com/me/pkg.git@main#egg=pkg', 'git']);
    assert.deepEqual(deps['requirements:flask'], [7, '==3.0', 'registry']);
    assert.deepEqual(deps['requirements:numpy'], [8, '==1.26', 'registry']);
    assert.deepEqual(deps['requirements:name'], [11, 'git+https://g.example/n.git@v1.0', 'git']);
    assert.equal(Object.values(deps).filter(([line]) => line === 10)[0][2], 'tarball');
    assert.deepEqual(manifest.registries.map((r) => [r.key, r.url, lineOf(text, r.span)]), [['--index-url', 'https://pypi.example/simple', 5], ['--extra-index-url', 'https://extra.example/simple', 6]]);
  });

  it('pyproject.toml: PEP 621, PEP 735, Poetry, PDM, uv', () => {
    const text = `[project]
name = "demo"
dependencies = [
  "requests>=2",
  "numpy",
]
[project.optional-dependencies]
dev = ["pytest"]
[dependency-groups]
lint = ["ruff"]
[build-system]
requires = ["hatchling"]
[tool.poetry.dependencies]
python = "^3.10"
httpx = "^0.27"
mine = { git = "https://github.com/me/mine.git", branch = "main" }
[tool.poetry.group.dev.dependencies]
black = "*"
[tool.pdm.dev-dependencies]
test = ["coverage"]
[tool.uv]
dev-dependencies = ["mypy"]
index-url = "https://uv.example/simple"
[tool.uv.sources]
local = { path = "../local" }
[[tool.poetry.source]]
name = "corp"
url = "https://corp.example/simple"
`;
    const { deps, manifest } = table('pyproject.toml', text);
    assert.deepEqual(deps['project.dependencies:requests'], [4, '>=2', 'registry']);
    assert.deepEqual(deps['project.dependencies:numpy'], [5, '', 'registry']);
    assert.deepEqual(deps['project.optional-dependencies.dev:pytest'], [8, '', 'registry']);
    assert.deepEqual(deps['dependency-groups.lint:ruff'], [10, '', 'registry']);
    assert.deepEqual(deps['build-system.requires:hatchling'], [12, '', 'registry']);
    assert.deepEqual(deps['tool.poetry.dependencies:httpx'], [15, '^0.27', 'registry']);
    assert.deepEqual(deps['tool.poetry.dependencies:mine'], [16, 'https://github.com/me/mine.git', 'git']);
    assert.deepEqual(deps['tool.poetry.group.dev.dependencies:black'], [18, '*', 'registry']);
    assert.deepEqual(deps['tool.pdm.dev-dependencies.test:coverage'], [20, '', 'registry']);
    assert.deepEqual(deps['tool.uv.dev-dependencies:mypy'], [22, '', 'registry']);
    assert.deepEqual(deps['tool.uv.sources:local'], [25, '../local', 'file']);
    assert.equal(deps['tool.poetry.dependencies:python'], undefined);
    assert.deepEqual(manifest.registries.map((r) => [r.key, lineOf(text, r.span)]), [['tool.uv.index-url', 23], ['tool.poetry.source.url', 28]]);
  });

  it('Pipfile, setup.cfg, setup.py, pip.conf, uv.toml', () => {
    const pipfile = '[[source]]\nurl = "https://pypi.org/simple"\n\n[packages]\nrequests = "*"\nmine = {git = "https://g.example/mine.git", ref = "main"}\n\n[dev-packages]\npytest = ">=8"\n';
    assert.deepEqual(table('Pipfile', pipfile).deps, { 'packages:requests': [5, '*', 'registry'], 'packages:mine': [6, 'https://g.example/mine.git', 'git'], 'dev-packages:pytest': [9, '>=8', 'registry'] });
    const cfg = '[metadata]\nname = demo\n\n[options]\ninstall_requires =\n    requests>=2\n    click\n\n[options.extras_require]\ntest = pytest\n';
    assert.deepEqual(table('setup.cfg', cfg).deps, { 'options.install_requires:requests': [6, '>=2', 'registry'], 'options.install_requires:click': [7, '', 'registry'], 'options.extras_require.test:pytest': [10, '', 'registry'] });
    const setupPy = "from setuptools import setup\nimport subprocess\nsubprocess.check_call(['curl', 'https://x.example'])\nsetup(\n    install_requires=[\n        'requests>=2',\n    ],\n)\n";
    const parsed = table('setup.py', setupPy);
    assert.deepEqual(parsed.deps['install_requires:requests'], [6, '>=2', 'registry']);
    assert.deepEqual(parsed.manifest.hooks.map((h) => lineOf(setupPy, h.span)), [3]);
    const conf = '[global]\nindex-url = https://mirror.example/simple\nextra-index-url =\n    https://a.example/simple\n';
    assert.deepEqual(parseManifest('pip.conf', conf).registries.map((r) => [r.key, r.url, lineOf(conf, r.span)]), [['index-url', 'https://mirror.example/simple', 2], ['extra-index-url', 'https://a.example/simple', 4]]);
    const uv = 'index-url = "https://uv.example/simple"\n[[index]]\nurl = "https://idx.example/simple"\n';
    assert.deepEqual(parseManifest('uv.toml', uv).registries.map((r) => [r.key, lineOf(uv, r.span)]), [['index-url', 1], ['index.url', 3]]);
  });
});

describe('other ecosystems', () => {
  it('go.mod', () => {
    const text = 'module example.com/demo\n\ngo 1.22\n\nrequire (\n\tgithub.com/stretchr/testify v1.9.0\n\tgolang.org/x/net v0.25.0 // indirect\n)\n\nrequire github.com/google/uuid v1.6.0\n\nreplace github.com/stretchr/testify => ../testify\n';
    assert.deepEqual(table('go.mod', text).deps, {
      'require:github.com/stretchr/testify': [6, 'v1.9.0', 'registry'],
      'require:golang.org/x/net': [7, 'v0.25.0', 'registry'],
      'require:github.com/google/uuid': [10, 'v1.6.0', 'registry'],
      'replace:github.com/stretchr/testify': [12, '../testify', 'file'],
    });
  });

  it('Cargo.toml', () => {
    const text = '[package]\nname = "demo"\nbuild = "build.rs"\n\n[dependencies]\nserde = "1"\nmine = { git = "https://g.example/mine", branch = "main" }\nrenamed = { package = "real-crate", version = "2" }\n\n[target.\'cfg(unix)\'.dependencies]\nlibc = "0.2"\n\n[dev-dependencies]\nproptest = "1"\n';
    const { deps, manifest } = table('Cargo.toml', text);
    assert.deepEqual(deps, {
      'dependencies:serde': [6, '1', 'registry'],
      'dependencies:mine': [7, 'https://g.example/mine', 'git'],
      'dependencies:real-crate': [8, '2', 'registry'],
      'target.cfg(unix).dependencies:libc': [11, '0.2', 'registry'],
      'dev-dependencies:proptest': [14, '1', 'registry'],
    });
    assert.deepEqual(manifest.hooks.map((h) => h.command), ['build.rs']);
    const dotted = '[dependencies.serde]\nversion = "1"\nfeatures = ["derive"]\n\n[dev-dependencies.mine]\ngit = "https://g.example/mine"\nbranch = "main"\n';
    assert.deepEqual(table('Cargo.toml', dotted).deps, { 'dependencies:serde': [1, '1', 'registry'], 'dev-dependencies:mine': [5, 'https://g.example/mine', 'git'] });
  });

  it('Gemfile', () => {
    const text = "source 'https://rubygems.org'\n\ngem 'rails', '~> 7.1'\ngem 'mine', git: 'https://g.example/mine.git', branch: 'main'\ngem \"local\", path: \"../local\"\n";
    const { deps, manifest } = table('Gemfile', text);
    assert.deepEqual(deps, { 'gems:rails': [3, '~> 7.1', 'registry'], 'gems:mine': [4, 'https://g.example/mine.git', 'git'], 'gems:local': [5, '../local', 'file'] });
    assert.deepEqual(manifest.registries.map((r) => r.url), ['https://rubygems.org']);
  });

  it('composer.json', () => {
    const text = '{\n  "require": {\n    "php": ">=8.1",\n    "ext-json": "*",\n    "monolog/monolog": "^3.0"\n  },\n  "require-dev": { "phpunit/phpunit": "^10" },\n  "repositories": [{ "type": "vcs", "url": "https://g.example/fork" }]\n}';
    const { deps, manifest } = table('composer.json', text);
    assert.deepEqual(deps, { 'require:monolog/monolog': [5, '^3.0', 'registry'], 'require-dev:phpunit/phpunit': [7, '^10', 'registry'] });
    assert.deepEqual(manifest.registries.map((r) => [r.url, lineOf(text, r.span)]), [['https://g.example/fork', 8]]);
  });

  it('pom.xml', () => {
    const text = '<project>\n  <dependencies>\n    <dependency>\n      <groupId>org.slf4j</groupId>\n      <artifactId>slf4j-api</artifactId>\n      <version>2.0.13</version>\n    </dependency>\n  </dependencies>\n  <repositories>\n    <repository>\n      <id>corp</id>\n      <url>http://repo.example/maven</url>\n    </repository>\n  </repositories>\n</project>\n';
    const { deps, manifest } = table('pom.xml', text);
    assert.deepEqual(deps, { 'dependencies:org.slf4j:slf4j-api': [3, '2.0.13', 'registry'] });
    assert.deepEqual(manifest.registries.map((r) => [r.url, lineOf(text, r.span)]), [['http://repo.example/maven', 10]]);
  });

  it('build.gradle and build.gradle.kts', () => {
    const text = "repositories {\n    maven { url 'https://jitpack.io' }\n}\ndependencies {\n    implementation 'com.google.guava:guava:33.0.0-jre'\n    testImplementation(\"org.junit.jupiter:junit-jupiter:5.10.0\")\n    api group: 'org.x', name: 'y', version: '1.0'\n}\n";
    const { deps, manifest } = table('build.gradle', text);
    assert.deepEqual(deps, {
      'implementation:com.google.guava:guava': [5, '33.0.0-jre', 'registry'],
      'testImplementation:org.junit.jupiter:junit-jupiter': [6, '5.10.0', 'registry'],
      'api:org.x:y': [7, '1.0', 'registry'],
    });
    assert.deepEqual(manifest.registries.map((r) => [r.url, lineOf(text, r.span)]), [['https://jitpack.io', 2]]);
  });

  it('*.csproj', () => {
    const text = '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />\n    <PackageReference Include="Serilog">\n      <Version>3.1.1</Version>\n    </PackageReference>\n  </ItemGroup>\n</Project>\n';
    assert.deepEqual(table('csproj', text).deps, { 'PackageReference:Newtonsoft.Json': [3, '13.0.3', 'registry'], 'PackageReference:Serilog': [4, '3.1.1', 'registry'] });
  });

  it('.npmrc and .yarnrc.yml registry settings', () => {
    const npmrc = '; comment\nregistry=https://registry.example/\n@corp:registry=https://npm.corp.example/\nstrict-ssl=false\n';
    assert.deepEqual(parseManifest('.npmrc', npmrc).registries.map((r) => [r.key, r.url, lineOf(npmrc, r.span)]), [['registry', 'https://registry.example/', 2], ['@corp:registry', 'https://npm.corp.example/', 3], ['strict-ssl', 'false', 4]]);
    const yarnrc = 'nodeLinker: node-modules\nnpmRegistryServer: "https://registry.example"\nnpmScopes:\n  corp:\n    npmRegistryServer: "https://corp.example"\n';
    assert.deepEqual(parseManifest('.yarnrc.yml', yarnrc).registries.map((r) => [r.key, lineOf(yarnrc, r.span)]), [['npmRegistryServer', 2], ['npmScopes.corp.npmRegistryServer', 5]]);
  });
});
