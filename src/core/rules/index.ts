import type { Rule } from './types';
import { goCommandInjection } from './injection/go-command-injection';
import { goSqlStringBuilding } from './injection/go-sql-string-building';
import { goXss } from './injection/go-xss';
import { javaCommandInjection } from './injection/java-command-injection';
import { javaSqlStringBuilding } from './injection/java-sql-string-building';
import { pythonCodeInjection } from './injection/python-code-injection';
import { pythonCommandInjection } from './injection/python-command-injection';
import { pythonSqlStringBuilding } from './injection/python-sql-string-building';
import { pythonUnsafeDeserialization } from './injection/python-unsafe-deserialization';
import { pythonXss } from './injection/python-xss';
import { phpCodeInjection } from './injection/php-code-injection';
import { phpCommandInjection } from './injection/php-command-injection';
import { phpSqlStringBuilding } from './injection/php-sql-string-building';
import { phpUnsafeDeserialization } from './injection/php-unsafe-deserialization';
import { phpXss } from './injection/php-xss';
import { rubyCodeInjection } from './injection/ruby-code-injection';
import { rubyCommandInjection } from './injection/ruby-command-injection';
import { rubySqlStringBuilding } from './injection/ruby-sql-string-building';
import { rubyUnsafeDeserialization } from './injection/ruby-unsafe-deserialization';
import { rubyXss } from './injection/ruby-xss';
import { shellEvalInjection } from './injection/shell-eval-injection';
import { shellPipeToShell } from './injection/shell-pipe-to-shell';
import { shellUnquotedRm } from './injection/shell-unquoted-rm';
import { codeInjection } from './injection/code-injection';
import { commandInjection } from './injection/command-injection';
import { nosqlInjection } from './injection/nosql-injection';
import { openRedirect } from './injection/open-redirect';
import { pathTraversal } from './injection/path-traversal';
import { prototypePollution } from './injection/prototype-pollution';
import { sqlStringBuilding } from './injection/sql-string-building';
import { ssrf } from './injection/ssrf';
import { unsafeDeserialization } from './injection/unsafe-deserialization';
import { xssInnerHtml } from './injection/xss-inner-html';
import { xssJquery } from './injection/xss-jquery';
import { xssReactDangerouslySetInnerHtml } from './injection/xss-react-dangerously-set-inner-html';
import { xssResponseHtml } from './injection/xss-response-html';
import { xssVueVHtml } from './injection/xss-vue-v-html';
import { downgrade } from './dependencies/downgrade';
import { installScript } from './dependencies/install-script';
import { knownVulnerability } from './dependencies/known-vulnerability';
import { lockfileRemoved } from './dependencies/lockfile-removed';
import { newDependency } from './dependencies/new-dependency';
import { typosquat } from './dependencies/typosquat';
import { undeclaredImport } from './dependencies/undeclared-import';
import { unknownPackage } from './dependencies/unknown-package';
import { unpinned } from './dependencies/unpinned';
import { unreadableManifest } from './dependencies/unreadable-manifest';
import { unsafeSource } from './dependencies/unsafe-source';
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
import { aiRules } from './secrets/ai';
import { awsSecretAccessKey } from './secrets/aws-secret-access-key';
import { cloudRules } from './secrets/cloud';
import { codeHostingRules } from './secrets/code-hosting';
import { datastoreRules } from './secrets/datastores';
import { genericRules } from './secrets/generic';
import { genericCredential } from './secrets/generic-credential';
import { jwt } from './secrets/jwt';
import { messagingRules } from './secrets/messaging';
import { paymentRules } from './secrets/payments';
import { registryRules } from './secrets/registries';
import { saasRules } from './secrets/saas';

/**
 * The one registry of every rule, sorted by id. A rule that is not listed here does not run.
 * Families with many data rules export an array from their module; each module's rules are spread here.
 */
export const allRules: readonly Rule[] = [
  goCommandInjection,
  goSqlStringBuilding,
  goXss,
  javaCommandInjection,
  javaSqlStringBuilding,
  phpCodeInjection,
  phpCommandInjection,
  phpSqlStringBuilding,
  phpUnsafeDeserialization,
  phpXss,
  codeInjection,
  commandInjection,
  nosqlInjection,
  openRedirect,
  pathTraversal,
  prototypePollution,
  sqlStringBuilding,
  ssrf,
  unsafeDeserialization,
  xssInnerHtml,
  xssJquery,
  xssReactDangerouslySetInnerHtml,
  xssResponseHtml,
  xssVueVHtml,
  privateKey,
  pythonCodeInjection,
  pythonCommandInjection,
  pythonSqlStringBuilding,
  pythonUnsafeDeserialization,
  pythonXss,
  rubyCodeInjection,
  rubyCommandInjection,
  rubySqlStringBuilding,
  rubyUnsafeDeserialization,
  rubyXss,
  shellEvalInjection,
  shellPipeToShell,
  shellUnquotedRm,
  downgrade,
  installScript,
  knownVulnerability,
  lockfileRemoved,
  newDependency,
  typosquat,
  undeclaredImport,
  unknownPackage,
  unpinned,
  unreadableManifest,
  unsafeSource,
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
  sensitivePathChange,
  vscodeRiskySetting,
  vscodeTaskAutoRun,
  workflowPullRequestTarget,
  workflowScriptInjection,
  workflowSecretsUntrusted,
  workflowUnpinnedAction,
  workflowWriteAll,
  bidiControl,
  invisibleTagCharacters,
  mixedScriptIdentifier,
  zeroWidth,
  awsSecretAccessKey,
  genericCredential,
  jwt,
  ...aiRules,
  ...cloudRules,
  ...codeHostingRules,
  ...datastoreRules,
  ...genericRules,
  ...messagingRules,
  ...paymentRules,
  ...registryRules,
  ...saasRules,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));

/** Looks a rule up by id. */
export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}
