import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** test/fixtures/injection/js: realistic whole files; `VULN: <rule id>` marks each vulnerable line, `SAFE:` its fixed twin. */
export const FIXTURE_DIR = path.resolve(__dirname, '../../../fixtures/injection/js');

const MARKER = /(?:\/\/|\/\*|<!--)\s*(VULN|SAFE):\s*(injection\/[a-z-]+(?:\s*,\s*injection\/[a-z-]+)*)/;

export interface Fixture {
  /** Path relative to the fixture folder, forward slashes. */
  path: string;
  text: string;
  /** `line\0ruleId` of each vulnerable line. */
  vulnerable: Set<string>;
  /** `line\0ruleId` of each safe twin. */
  safe: Set<string>;
}

export function loadFixtures(dir = FIXTURE_DIR): Fixture[] {
  const out: Fixture[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) {
        walk(full);
        continue;
      }
      const text = readFileSync(full, 'utf8');
      const fixture: Fixture = { path: path.relative(dir, full).split(path.sep).join('/'), text, vulnerable: new Set(), safe: new Set() };
      text.split('\n').forEach((line, i) => {
        const match = MARKER.exec(line);
        if (!match) return;
        for (const id of match[2].split(',')) (match[1] === 'VULN' ? fixture.vulnerable : fixture.safe).add(`${i + 1}\0${id.trim()}`);
      });
      out.push(fixture);
    }
  };
  walk(dir);
  return out;
}

/** Precision and recall of one category (one rule id, or a peer's category). */
export interface Score {
  category: string;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

/** A finding reduced to what the score needs. */
export interface Reported {
  file: string;
  line: number;
  category: string;
}

/** Line-level scoring: a report on a VULN line of its category is a true positive, any other report a false positive. */
export function score(fixtures: readonly Fixture[], reported: readonly Reported[], categories: readonly string[]): Score[] {
  const seen = new Set(reported.map((r) => `${r.file}\0${r.line}\0${r.category}`));
  return categories.map((category) => {
    let tp = 0;
    let fn = 0;
    for (const fixture of fixtures) {
      for (const key of fixture.vulnerable) {
        const [line, id] = key.split('\0');
        if (id !== category) continue;
        if (seen.has(`${fixture.path}\0${line}\0${category}`)) tp++;
        else fn++;
      }
    }
    const hits = new Set<string>();
    for (const r of reported) if (r.category === category) hits.add(`${r.file}\0${r.line}`);
    const fp = [...hits].filter((key) => {
      const [file, line] = key.split('\0');
      return !fixtures.find((f) => f.path === file)?.vulnerable.has(`${line}\0${category}`);
    }).length;
    return {
      category,
      truePositives: tp,
      falsePositives: fp,
      falseNegatives: fn,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    };
  });
}

/** Every rule id that some fixture marks as vulnerable. */
export function markedCategories(fixtures: readonly Fixture[]): string[] {
  const ids = new Set<string>();
  for (const f of fixtures) for (const key of f.vulnerable) ids.add(key.split('\0')[1]);
  return [...ids].sort();
}

export function formatScores(scores: readonly Score[]): string {
  return scores
    .map((s) => `${s.category.padEnd(48)} precision ${(s.precision * 100).toFixed(0).padStart(3)}%  recall ${(s.recall * 100).toFixed(0).padStart(3)}%  (tp ${s.truePositives}, fp ${s.falsePositives}, fn ${s.falseNegatives})`)
    .join('\n');
}
