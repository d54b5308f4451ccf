import { readFileSync } from 'node:fs';
import { scanText } from './src/core/scan/engine';
import { allRules } from './src/core/rules/index';
const [file, as] = process.argv.slice(2);
scanText(as ?? file, readFileSync(file, 'utf8'), { rules: allRules }).then(r => { for (const f of r.findings) console.log(f.range.startLine, f.ruleId, f.severity, f.message); console.log(r.ruleErrors, r.timedOut); });
