import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../../../src/core/rules/index';
import { scanText } from '../../../../src/core/scan/engine';
import type { Reported } from './accuracy';
import { formatScores, loadFixtures, markedCategories, score } from './accuracy';

/** Precision and recall per category on realistic whole files (Express, Next.js, React, Vue, Koa, Lambda, browser). */
describe('JS injection accuracy on the fixture set', () => {
  const fixtures = loadFixtures();
  const rules = allRules.filter((r) => r.meta.category === 'injection');

  it('has a vulnerable and a safe line for every JS rule', () => {
    const jsRules = rules.filter((r) => r.meta.languages?.includes('javascript')).map((r) => r.meta.id);
    const marked = markedCategories(fixtures);
    const safe = new Set(fixtures.flatMap((f) => [...f.safe].map((k) => k.split('\0')[1])));
    for (const id of jsRules) {
      assert.ok(marked.includes(id), `no VULN fixture for ${id}`);
      assert.ok(safe.has(id), `no SAFE twin for ${id}`);
    }
  });

  it('reaches 90% precision and 90% recall in every category', async () => {
    const reported: Reported[] = [];
    for (const fixture of fixtures) {
      const result = await scanText(`src/${fixture.path}`, fixture.text, { rules });
      assert.deepEqual(result.ruleErrors, [], `${fixture.path}: ${JSON.stringify(result.ruleErrors)}`);
      for (const f of result.findings) reported.push({ file: fixture.path, line: f.range.startLine, category: f.ruleId });
    }
    const scores = score(fixtures, reported, markedCategories(fixtures));
    const table = formatScores(scores);
    const misses = reported.filter((r) => !fixtures.find((f) => f.path === r.file)?.vulnerable.has(`${r.line}\0${r.category}`));
    const missed = fixtures.flatMap((f) => [...f.vulnerable].filter((k) => !reported.some((r) => r.file === f.path && `${r.line}\0${r.category}` === k)).map((k) => `${f.path}:${k.replace('\0', ' ')}`));
    const detail = `${table}\nfalse positives: ${JSON.stringify(misses)}\nmissed: ${JSON.stringify(missed)}`;
    for (const s of scores) {
      assert.ok(s.precision >= 0.9, `precision below 90%\n${detail}`);
      assert.ok(s.recall >= 0.9, `recall below 90%\n${detail}`);
    }
  });
});
