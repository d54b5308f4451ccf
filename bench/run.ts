/**
 * `npm run bench`: runs every bench/*.bench.ts module's `run()` in name order, or only those named
 * on the command line (`npm run bench -- secrets`). Each module prints its own figures.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

interface BenchModule {
  run(): Promise<void>;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.bench.ts'))
    .filter((name) => only.length === 0 || only.some((o) => name.startsWith(o)))
    .sort();
  if (files.length === 0) throw new Error(`no benchmark matches ${only.join(', ')}`);
  for (const file of files) {
    console.log(`\n## ${file.replace(/\.bench\.ts$/, '')}`);
    const module = (await import(path.join(__dirname, file))) as BenchModule;
    await module.run();
  }
}

main().catch((error) => {
  console.error(`bench: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
});
