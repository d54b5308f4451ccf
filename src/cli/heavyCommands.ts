/**
 * The CLI's heavy half, a bundle of its own (dist/cli-engine.js): the rules, the parsers and the report
 * writers. `agent-guard hook` forwards an edit to VS Code without any of it, so the small dist/cli.js
 * starts fast; scan, diff and the hook's offline fallback load this on first use. From source (tests),
 * the dynamic imports resolve to these modules as they are.
 */
export { runScan } from './scanCommand';
export { runDiff } from './diffCommand';
export { runAdvisories } from './advisoriesCommand';
export { allRules } from '../core/rules/index';
export { scanTextChange } from '../core/scan/diffScan';
export { localPolicyVerdict } from './hookPolicy';
