import type { Rule } from './types';
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
import { privateKey } from './secrets/private-key';

/**
 * The one registry of every rule, sorted by id. A rule that is not listed here does not run.
 * Families with many data rules export an array from their module; each module's rules are spread here.
 */
export const allRules: readonly Rule[] = [
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
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));

/** Looks a rule up by id. */
export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}
