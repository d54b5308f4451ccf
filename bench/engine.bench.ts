import { allRules } from '../src/core/rules/index';
import { scanText } from '../src/core/scan/engine';
import { fakePem } from '../test/helpers/fakeSecrets';

/** Baseline engine overhead: a 2,000-line file through the whole registry. */
export async function run(): Promise<void> {
  const lines: string[] = [];
  for (let i = 0; i < 2000; i++) lines.push(`export function handler${i}(input: string): string { return input.trim() + '${i}'; }`);
  lines.splice(1000, 0, `const key = \`${fakePem()}\`;`);
  const text = lines.join('\n');
  for (let i = 0; i < 5; i++) await scanText('src/big.ts', text, { rules: allRules });
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const started = performance.now();
    await scanText('src/big.ts', text, { rules: allRules });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`full registry (${allRules.length} rules) on a 2,000-line file (${(text.length / 1024).toFixed(0)} KB): median ${times[15].toFixed(2)} ms, p95 ${times[28].toFixed(2)} ms`);
}
