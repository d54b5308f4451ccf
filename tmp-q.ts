import { getParser } from './src/core/analysis/treeSitter/loader';
import { phpAdapter } from './src/core/analysis/treeSitter/languages/php';
import { readFileSync } from 'node:fs';
(async () => { const { language, treeSitter, parser } = await getParser('php'); const q = new treeSitter.Query(language, phpAdapter.query); const t = parser.parse(readFileSync('/tmp/a.php', 'utf8'))!; for (const c of q.captures(t.rootNode)) console.log(c.name, c.node.type, JSON.stringify(c.node.text.slice(0, 40))); })();
