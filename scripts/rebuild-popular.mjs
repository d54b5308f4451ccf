#!/usr/bin/env node
// Rebuilds data/popular/ from a list of popular packages.
//
//   node scripts/rebuild-popular.mjs LIST.tsv [--ecosystem npm|pypi] [--top N] [--source TEXT]
//
// LIST is a tab-separated file whose first line names the columns. Two shapes are understood:
//   npm:  name, version, downloads_a_month, summary                  (ranked by downloads_a_month)
//   pypi: name, version, month, rank_among_15000_most_downloaded, …  (ranked by that rank; unranked rows dropped)
// The ecosystem is guessed from the columns when not given. The output is data/popular/<ecosystem>.txt.gz:
// gzip of '#' header lines (source, date, count) then one name a line, most popular first, so a name's
// line number is its rank. data/popular/SOURCES.json records where each file came from and when.
import { createReadStream, readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const DEFAULT_TOP = { npm: 20000, pypi: 15000 };

function usage(message) {
  console.error(`rebuild-popular: ${message}`);
  console.error('usage: node scripts/rebuild-popular.mjs LIST.tsv [--ecosystem npm|pypi] [--top N] [--source TEXT]');
  process.exit(2);
}

function parseArgs(argv) {
  const args = { list: undefined, ecosystem: undefined, top: undefined, source: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--ecosystem') args.ecosystem = argv[++i];
    else if (arg === '--top') args.top = Number(argv[++i]);
    else if (arg === '--source') args.source = argv[++i];
    else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
    else if (!args.list) args.list = arg;
    else usage(`unexpected argument ${arg}`);
  }
  if (!args.list) usage('give the list to read');
  if (!existsSync(args.list)) usage(`no such file: ${args.list}`);
  if (args.ecosystem && !['npm', 'pypi'].includes(args.ecosystem)) usage(`unknown ecosystem ${args.ecosystem}`);
  if (args.top !== undefined && !(Number.isInteger(args.top) && args.top > 0)) usage('--top must be a positive whole number');
  return args;
}

// A name we would never ship: empty, too long, or with characters no registry allows.
const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]{0,213}\/)?[a-z0-9][a-z0-9._~-]{0,213}$/;
const PYPI_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,200}[A-Za-z0-9])?$/;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const lines = createInterface({ input: createReadStream(args.list, 'utf8'), crlfDelay: Infinity });
  let header;
  const rows = [];
  for await (const line of lines) {
    const cells = line.split('\t');
    if (!header) {
      header = cells;
      continue;
    }
    rows.push(cells);
  }
  if (!header) usage('the list is empty');
  const column = (name) => header.indexOf(name);
  const ecosystem = args.ecosystem ?? (column('downloads_a_month') >= 0 ? 'npm' : column('rank_among_15000_most_downloaded') >= 0 ? 'pypi' : undefined);
  if (!ecosystem) usage('cannot tell the ecosystem from the columns; pass --ecosystem');
  const nameAt = column('name');
  if (nameAt < 0) usage('the list has no name column');

  let ranked;
  if (ecosystem === 'npm') {
    const at = column('downloads_a_month');
    if (at < 0) usage('an npm list needs a downloads_a_month column');
    ranked = rows
      .map((r) => ({ name: r[nameAt], score: Number(r[at]) }))
      .filter((r) => NPM_NAME.test(r.name) && Number.isFinite(r.score))
      .sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));
  } else {
    const at = column('rank_among_15000_most_downloaded');
    if (at < 0) usage('a PyPI list needs a rank_among_15000_most_downloaded column');
    ranked = rows
      .filter((r) => r[at] !== undefined && r[at] !== '')
      .map((r) => ({ name: r[nameAt], score: -Number(r[at]) }))
      .filter((r) => PYPI_NAME.test(r.name) && Number.isFinite(r.score))
      .sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));
  }
  const seen = new Set();
  const names = [];
  const top = args.top ?? DEFAULT_TOP[ecosystem];
  for (const { name } of ranked) {
    const key = ecosystem === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
    if (seen.has(key)) continue;
    seen.add(key);
    names.push(name);
    if (names.length >= top) break;
  }
  const date = new Date().toISOString().slice(0, 10);
  const source = args.source ?? `${path.basename(args.list)} (${rows.length} rows)`;
  const body = [`# source: ${source}`, `# built: ${date}`, `# count: ${names.length}`, `# order: most popular first`, ...names].join('\n') + '\n';
  const out = path.join(root, 'data', 'popular', `${ecosystem}.txt.gz`);
  writeFileSync(out, gzipSync(body, { level: 9 }));

  const sourcesFile = path.join(root, 'data', 'popular', 'SOURCES.json');
  const sources = existsSync(sourcesFile) ? JSON.parse(readFileSync(sourcesFile, 'utf8')) : {};
  sources[ecosystem] = { file: `${ecosystem}.txt.gz`, source, built: date, count: names.length, ranking: ecosystem === 'npm' ? 'downloads in a month, descending' : 'rank among the 15,000 most downloaded projects' };
  writeFileSync(sourcesFile, `${JSON.stringify(sources, null, 2)}\n`);
  console.log(`rebuild-popular: wrote ${names.length} ${ecosystem} names to ${path.relative(root, out)}`);
}

main().catch((error) => {
  console.error(`rebuild-popular: ${error.message}`);
  process.exit(1);
});
