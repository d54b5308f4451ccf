import type { Rule } from './types';
import { bindAllInterfaces } from './config/bind-all-interfaces';
import { corsWildcardCredentials } from './config/cors-wildcard-credentials';
import { debugInProduction } from './config/debug-in-production';
import { ecbMode } from './config/ecb-mode';
import { hardcodedIv } from './config/hardcoded-iv';
import { insecureCookie } from './config/insecure-cookie';
import { insecureRandom } from './config/insecure-random';
import { jwtInsecure } from './config/jwt-insecure';
import { noVerifyFlag } from './config/no-verify-flag';
import { securityMiddlewareRemoved } from './config/security-middleware-removed';
import { tlsDisableFlag } from './config/tls-disable-flag';
import { tlsVerificationDisabled } from './config/tls-verification-disabled';
import { weakPasswordHash } from './config/weak-password-hash';
import { worldWritablePermissions } from './config/world-writable-permissions';
import { agentAutoApprove } from './files/agent-auto-approve';
import { agentHookCommand } from './files/agent-hook-command';
import { agentInstruction } from './files/agent-instruction';
import { credentialsFile } from './files/credentials-file';
import { devcontainerCommand } from './files/devcontainer-command';
import { downloadAndExecute } from './files/download-and-execute';
import { mcpServer } from './files/mcp-server';
import { packageInstallScript } from './files/package-install-script';
import { sensitivePathChange } from './files/sensitive-path-change';
import { vscodeRiskySetting } from './files/vscode-risky-setting';
import { vscodeTaskAutoRun } from './files/vscode-task-auto-run';
import { workflowPullRequestTarget } from './files/workflow-pull-request-target';
import { workflowScriptInjection } from './files/workflow-script-injection';
import { workflowSecretsUntrusted } from './files/workflow-secrets-untrusted';
import { workflowUnpinnedAction } from './files/workflow-unpinned-action';
import { workflowWriteAll } from './files/workflow-write-all';
import { privateKey } from './secrets/private-key';
import { bidiControl } from './text/bidi-control';
import { invisibleTagCharacters } from './text/invisible-tag-characters';
import { mixedScriptIdentifier } from './text/mixed-script-identifier';
import { zeroWidth } from './text/zero-width';

/**
 * The one registry of every rule, sorted by id. A rule that is not listed here does not run.
 * Families with many data rules export an array from their module; each module's rules are spread here.
 */
export const allRules: readonly Rule[] = [
  bindAllInterfaces,
  corsWildcardCredentials,
  debugInProduction,
  ecbMode,
  hardcodedIv,
  insecureCookie,
  insecureRandom,
  jwtInsecure,
  noVerifyFlag,
  securityMiddlewareRemoved,
  tlsDisableFlag,
  tlsVerificationDisabled,
  weakPasswordHash,
  worldWritablePermissions,
  agentAutoApprove,
  agentHookCommand,
  agentInstruction,
  credentialsFile,
  devcontainerCommand,
  downloadAndExecute,
  mcpServer,
  packageInstallScript,
  sensitivePathChange,
  vscodeRiskySetting,
  vscodeTaskAutoRun,
  workflowPullRequestTarget,
  workflowScriptInjection,
  workflowSecretsUntrusted,
  workflowUnpinnedAction,
  workflowWriteAll,
  privateKey,
  bidiControl,
  invisibleTagCharacters,
  mixedScriptIdentifier,
  zeroWidth,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));

/** Looks a rule up by id. */
export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}
