import { analyzeManifest } from '../src/core/deps/analysis';
import { popularSet } from '../src/core/deps/popular';
import { TyposquatIndex } from '../src/core/deps/typosquat';
import { allRules } from '../src/core/rules/index';
import { diffLines } from '../src/core/review/hunks';
import { scanTextChange } from '../src/core/scan/diffScan';

const rules = allRules.filter((r) => r.meta.category === 'dependency');

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(runs: number, body: () => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < 3; i++) await body();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await body();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** A package-lock.json v3 with `count` entries named after real popular packages; `shift` changes some versions. */
function packageLock(names: readonly string[], count: number, shift: number): string {
  const packages: Record<string, unknown> = { '': { name: 'bench', version: '1.0.0' } };
  for (let i = 0; i < count; i++) {
    const name = names[i];
    const version = `1.${i % 7}.${i % 13 < shift ? 1 : 0}`;
    packages[`node_modules/${name}`] = { version, resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`, integrity: `sha512-${Buffer.from(`${name}${version}`).toString('base64')}`, dev: i % 3 === 0 };
  }
  return JSON.stringify({ name: 'bench', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2);
}

/** Dependency analysis targets: a 3,000-entry lockfile diff and a 500-line requirements.txt, each under 50 ms. */
export async function run(): Promise<void> {
  const npmNames = popularSet('npm').names;
  const pypiNames = popularSet('pypi').names;

  let started = performance.now();
  const npmIndex = new TyposquatIndex(popularSet('npm'));
  const npmBuild = performance.now() - started;
  started = performance.now();
  const pypiIndex = new TyposquatIndex(popularSet('pypi'));
  const pypiBuild = performance.now() - started;

  // The rules share one cached index per ecosystem; build it before timing.
  await scanTextChange({ path: 'package.json', before: '{}', after: '{"dependencies":{"warm":"1"}}' }, { rules });
  await scanTextChange({ path: 'requirements.txt', before: '', after: 'warm==1\n' }, { rules });

  // 3,000-entry lockfile: 2,900 unchanged, 100 new entries, a tenth of versions bumped.
  const before = packageLock(npmNames, 2900, 0);
  const afterLock = packageLock(npmNames, 3000, 1);
  const lockAnalysis = await time(15, () => analyzeManifest('package-lock.json', afterLock, before, 'diff'));
  const lockRules = await time(15, () => scanTextChange({ path: 'package-lock.json', before, after: afterLock }, { rules, timeBudgetMs: 60_000 }));
  const lockLineDiff = await time(15, () => diffLines(before, afterLock));
  console.log(`package-lock.json, 3,000 entries (${(afterLock.length / 1024).toFixed(0)} KB, ${afterLock.split('\n').length} lines): dependency analysis (parse both sides, compare) ${lockAnalysis.toFixed(1)} ms (target < 50 ms)`);
  console.log(`  whole diff-mode scan of that file ${lockRules.toFixed(1)} ms, of which the engine's line diff (jsdiff) ${lockLineDiff.toFixed(1)} ms`);

  // 500-line requirements.txt: 480 existing pins, 20 new lines (some typos of popular names).
  const lines = pypiNames.slice(0, 480).map((n, i) => `${n}==${1 + (i % 5)}.${i % 10}.0`);
  const reqBefore = `${lines.join('\n')}\n`;
  const added = pypiNames.slice(480, 500).map((n, i) => (i % 4 === 0 ? `${n}x==1.0` : `${n}>=1.0`));
  const reqAfter = `${[...lines, ...added].join('\n')}\n`;
  const reqRules = await time(15, () => scanTextChange({ path: 'requirements.txt', before: reqBefore, after: reqAfter }, { rules, timeBudgetMs: 60_000 }));
  console.log(`requirements.txt, 500 lines: all dependency rules in diff mode ${reqRules.toFixed(1)} ms (target < 50 ms)`);

  // Typosquat lookups: half near misses, half unrelated names.
  const probes: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const name = npmNames[i % 10_000];
    probes.push(i % 2 ? `${name}s` : `zz-${name}-unrelated`);
  }
  started = performance.now();
  let hits = 0;
  for (const probe of probes) if (npmIndex.lookup(probe)) hits++;
  const npmLookup = performance.now() - started;
  const pypiProbes = pypiNames.slice(0, 10_000).map((n) => `${n}x`);
  started = performance.now();
  for (const probe of pypiProbes) pypiIndex.lookup(probe);
  const pypiLookup = performance.now() - started;
  console.log(`typosquat index: build npm ${npmBuild.toFixed(0)} ms (${npmNames.length} names), PyPI ${pypiBuild.toFixed(0)} ms (${pypiNames.length} names)`);
  console.log(`typosquat lookups: npm ${Math.round(probes.length / (npmLookup / 1000)).toLocaleString('en-US')}/s (${hits} of ${probes.length} flagged), PyPI ${Math.round(pypiProbes.length / (pypiLookup / 1000)).toLocaleString('en-US')}/s`);
}
