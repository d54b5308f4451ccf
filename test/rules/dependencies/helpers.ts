import type { AdvisorySource } from '../../../src/core/deps/advisories/types';
import type { PackageRegistry } from '../../../src/core/deps/online';
import { memoryProject } from '../../../src/core/deps/projectFiles';
import type { Finding } from '../../../src/core/model/finding';
import { allRules } from '../../../src/core/rules/index';
import type { ProjectFiles } from '../../../src/core/rules/types';
import { scanTextChange } from '../../../src/core/scan/diffScan';
import { scanText } from '../../../src/core/scan/engine';

import { typosquatIndex } from '../../../src/core/rules/dependencies/shared';

const dependencyRules = allRules.filter((r) => r.meta.category === 'dependency');

// Build the typosquat indexes up front, so no test's per-file time budget pays for it on a loaded machine.
typosquatIndex('npm');
typosquatIndex('pypi');

export interface RunOptions {
  project?: ProjectFiles;
  registry?: PackageRegistry;
  advisories?: AdvisorySource;
  /** Only this rule's findings are returned. */
  ruleId?: string;
}

/** Runs the dependency rules over a change of one file, as `agent-guard diff` does. */
export async function diffFindings(path: string, before: string | undefined, after: string | undefined, options: RunOptions = {}): Promise<Finding[]> {
  const { findings } = await scanTextChange({ path, before, after }, { rules: dependencyRules, project: options.project, registry: options.registry, advisories: options.advisories });
  return options.ruleId ? findings.filter((f) => f.ruleId === options.ruleId) : findings;
}

/** Runs the dependency rules over one file in scan mode. */
export async function scanFindings(path: string, text: string, options: RunOptions = {}): Promise<Finding[]> {
  const { findings } = await scanText(path, text, { rules: dependencyRules, project: options.project, registry: options.registry, advisories: options.advisories });
  return options.ruleId ? findings.filter((f) => f.ruleId === options.ruleId) : findings;
}

/** `"name": "spec"` lines for a package.json with the given dependencies. */
export function packageJson(dependencies: Record<string, string>, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ name: 'demo', version: '1.0.0', ...extra, dependencies }, null, 2)}\n`;
}

/** Compact view: `line:ruleId:severity`. */
export function brief(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.range.startLine}:${f.ruleId}:${f.severity}`);
}

export { memoryProject };
