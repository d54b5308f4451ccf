import type { Rule } from './types';
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
import { privateKey } from './secrets/private-key';
import { registryRules } from './secrets/registries';
import { saasRules } from './secrets/saas';

/**
 * The one registry of every rule, sorted by id. A rule that is not listed here does not run.
 * Families with many data rules export an array from their module; each module's rules are spread here.
 */
export const allRules: readonly Rule[] = [
  awsSecretAccessKey,
  genericCredential,
  jwt,
  privateKey,
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
