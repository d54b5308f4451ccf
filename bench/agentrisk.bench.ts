import { allRules } from '../src/core/rules/index';
import type { Rule } from '../src/core/rules/types';
import { scanText } from '../src/core/scan/engine';

/** The agent-risk families (files/, text/, config/) on a large source file, a minified bundle and a workflow. */
export async function run(): Promise<void> {
  const families: Record<string, Rule[]> = {
    files: allRules.filter((r) => r.meta.id.startsWith('files/')),
    text: allRules.filter((r) => r.meta.id.startsWith('text/')),
    config: allRules.filter((r) => r.meta.id.startsWith('config/')),
  };
  const source = Array.from({ length: 2000 }, (_, i) => `// handler ${i}: verify=False is never used\nexport function handler${i}(input: string): string { const agent = { rejectUnauthorized: true }; return input.trim() + '${i}'; }`).join('\n');
  const minified = Array.from({ length: 8000 }, (_, i) => `function f${i}(a){return a.origin===true?Math.random():"rejectUnauthorized: false ${i}"}`).join(';');
  const workflow = `on: [push, pull_request]\njobs:\n${Array.from({ length: 200 }, (_, i) => `  job${i}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: echo "\${{ github.event.pull_request.title }}" && npm test\n`).join('')}`;
  const inputs: [string, string][] = [['src/big.ts', source], ['dist/app.min.js', minified], ['.github/workflows/big.yml', workflow]];
  for (const [path, text] of inputs) {
    for (const [family, rules] of Object.entries(families)) {
      await scanText(path, text, { rules });
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        await scanText(path, text, { rules, timeBudgetMs: 60_000 });
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(`${family.padEnd(6)} ${path} (${(text.length / 1024).toFixed(0)} KB): median ${times[5].toFixed(1)} ms`);
    }
  }
}
