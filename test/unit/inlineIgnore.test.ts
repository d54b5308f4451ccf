import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSuppression } from '../../src/core/suppress/inlineIgnore';

describe('parseSuppression', () => {
  it('reads rule ids and ignores the reason', () => {
    assert.deepEqual(parseSuppression('// agent-guard-ignore: secrets/aws-access-key, injection -- rotated already'), { ruleIds: ['secrets/aws-access-key', 'injection'], secretsOnly: false });
    assert.deepEqual(parseSuppression('x = 1  # agent-guard-ignore'), { ruleIds: [], secretsOnly: false });
    assert.deepEqual(parseSuppression('/* agent-guard-ignore: secrets/private-key */'), { ruleIds: ['secrets/private-key'], secretsOnly: false });
    assert.deepEqual(parseSuppression('<!-- agent-guard-ignore: hidden-text/bidi-control -->'), { ruleIds: ['hidden-text/bidi-control'], secretsOnly: false });
  });

  it('honours the markers users already have', () => {
    assert.deepEqual(parseSuppression('token = "abc" # gitleaks:allow'), { ruleIds: [], secretsOnly: true });
    assert.deepEqual(parseSuppression('key = "x"  # pragma: allowlist secret'), { ruleIds: [], secretsOnly: true });
    assert.deepEqual(parseSuppression('subprocess.call(cmd, shell=True)  # nosec'), { ruleIds: [], secretsOnly: false });
    assert.equal(parseSuppression('const nosecurity = true;'), undefined);
    assert.equal(parseSuppression('const x = 1;'), undefined);
  });
});
