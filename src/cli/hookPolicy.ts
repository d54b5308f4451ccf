import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ProposedFileEdit } from '../core/intake/hookEvent';
import type { PolicyVerdict } from '../core/policy/evaluate';
import { evaluatePolicy } from '../core/policy/evaluate';
import { loadPolicy, mergePolicies } from '../core/policy/merge';
import { resolveInWorkspace } from '../core/fs/pathSafety';
import type { ContentChange } from '../core/review/build';
import { buildChangeSetFromContents } from '../core/review/build';

const WORKSPACE_POLICY_FILE = '.agent-guard/policy.json';

/** The policy's verdict when no VS Code window can be asked, and what the log should say about the policy file. */
export interface LocalPolicyResult {
  verdict: PolicyVerdict;
  /** Problems of the workspace policy file, one line each (empty when it is valid or absent). */
  messages: string[];
}

/**
 * The policy for `agent-guard hook` with no extension running: the shipped default rules plus the
 * workspace's `.agent-guard/policy.json`, taken as untrusted (the CLI cannot know whether the person
 * trusts the folder, so the file can only tighten: its allow rules are ignored). The user's own policy
 * lives in VS Code's settings, which the CLI does not read. An invalid file falls back to the strict
 * defaults, as in the extension. Paths only: the findings are the offline scan's business.
 */
export async function localPolicyVerdict(files: readonly ProposedFileEdit[], root: string, agent: string | undefined): Promise<LocalPolicyResult> {
  let text: string | undefined;
  try {
    text = await readFile(path.join(root, WORKSPACE_POLICY_FILE), 'utf8');
  } catch {
    text = undefined;
  }
  const loaded = loadPolicy(text, WORKSPACE_POLICY_FILE);
  const policy = mergePolicies({}, loaded.policy, false, { strict: !loaded.valid });
  const changes: ContentChange[] = [];
  for (const file of files) {
    const relative = toPosix(path.relative(root, file.path));
    const previous = file.previousPath ? toPosix(path.relative(root, file.previousPath)) : undefined;
    const realPath = await realPathOf(root, relative);
    const previousRealPath = previous ? await realPathOf(root, previous) : undefined;
    changes.push({
      path: relative,
      ...(previous ? { previousPath: previous } : {}),
      ...(realPath ? { realPath } : {}),
      ...(previousRealPath ? { previousRealPath } : {}),
      ...(file.before !== undefined ? { before: { bytes: Buffer.from(file.before) } } : {}),
      ...(file.content !== undefined ? { after: { bytes: Buffer.from(file.content) } } : {}),
    });
  }
  // No rules: the verdict needs the paths and the contents (for the settings rule), not findings.
  const changeSet = await buildChangeSetFromContents({ channel: 'hook', agent }, changes, { scan: { rules: [] } });
  return { verdict: evaluatePolicy(changeSet, policy), messages: loaded.valid ? [] : loaded.messages };
}

async function realPathOf(root: string, relative: string): Promise<string | undefined> {
  const resolved = await resolveInWorkspace(root, relative).catch(() => undefined);
  return resolved?.ok && resolved.realPath !== resolved.path ? resolved.realPath : undefined;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
