import type { ContentChange } from '../src/core/review/build';
import { buildChangeSetFromContents } from '../src/core/review/build';
import { evaluatePolicy } from '../src/core/policy/evaluate';
import { mergePolicies } from '../src/core/policy/merge';
import type { PolicyFile } from '../src/core/policy/policy';

const FILES = 500;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Policy evaluation runs on every proposal, on every road, before anything is queued. A realistic policy
 * (the shipped defaults plus 6 agent entries with 20 rules) on a 500-file change set, with renames and
 * symlink real paths, must stay a small part of building the change set itself: target < 50 ms, and
 * under a tenth of the build.
 */
export async function run(): Promise<void> {
  const user: PolicyFile = {
    agents: [
      { agent: 'Claude Code', rules: [{ action: 'allow', paths: ['src/**', 'test/**'] }, { action: 'ask', paths: ['src/auth/**', 'src/**/migrations/**'] }, { action: 'deny', categories: ['secret'], minSeverity: 'high' }] },
      { agent: 'Codex', channel: 'hook', rules: [{ action: 'allow', paths: ['docs/**', '**/*.md'] }, { action: 'deny', paths: ['infra/**', 'deploy/**'] }] },
      { agent: '*', rules: [{ action: 'ask', paths: ['package.json', '**/package.json', '*.lock', '**/*.lock'] }, { action: 'deny', paths: ['**/*.{pem,key,p12}'] }] },
    ],
  };
  const workspace: PolicyFile = {
    agents: [
      { agent: 'claude-code', channel: 'guard', rules: [{ action: 'deny', paths: ['**'] }] },
      { agent: 'Gemini CLI', rules: [{ action: 'allow', paths: ['src/ui/**'] }, { action: 'ask', paths: ['src/ui/admin/**'] }] },
      { agent: '*', rules: [{ action: 'ask', paths: ['**/Dockerfile', 'docker-compose*.yml'] }, { action: 'deny', paths: ['secrets/**'] }] },
    ],
  };
  const policy = mergePolicies(user, workspace, true);
  const changes: ContentChange[] = Array.from({ length: FILES }, (_, i) => ({
    path: `src/feature${i % 25}/module${i}.ts`,
    ...(i % 10 === 0 ? { previousPath: `lib/old${i}.ts` } : {}),
    ...(i % 17 === 0 ? { realPath: `shared/real${i}.ts` } : {}),
    before: { bytes: Buffer.from(`export const v${i} = 1;\n`) },
    after: { bytes: Buffer.from(`export const v${i} = 2;\n`) },
  }));
  const buildStarted = performance.now();
  const changeSet = await buildChangeSetFromContents({ channel: 'hook', agent: 'Claude Code' }, changes);
  const buildMs = performance.now() - buildStarted;
  evaluatePolicy(changeSet, policy);
  const times: number[] = [];
  for (let r = 0; r < 20; r++) {
    const started = performance.now();
    evaluatePolicy(changeSet, policy);
    times.push(performance.now() - started);
  }
  const single = await buildChangeSetFromContents({ channel: 'api', agent: 'Codex' }, changes.slice(0, 1));
  const singleTimes: number[] = [];
  for (let r = 0; r < 200; r++) {
    const started = performance.now();
    evaluatePolicy(single, policy);
    singleTimes.push(performance.now() - started);
  }
  console.log(`policy: ${FILES}-file change set, shipped defaults + ${policy.agents.length} agent entries: median ${median(times).toFixed(2)} ms (target < 50 ms; building that change set took ${buildMs.toFixed(0)} ms); one-file proposal: median ${median(singleTimes).toFixed(3)} ms`);
}
