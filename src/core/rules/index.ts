import type { Rule } from './types';
import { downgrade } from './dependencies/downgrade';
import { installScript } from './dependencies/install-script';
import { lockfileRemoved } from './dependencies/lockfile-removed';
import { newDependency } from './dependencies/new-dependency';
import { typosquat } from './dependencies/typosquat';
import { undeclaredImport } from './dependencies/undeclared-import';
import { unknownPackage } from './dependencies/unknown-package';
import { unpinned } from './dependencies/unpinned';
import { unreadableManifest } from './dependencies/unreadable-manifest';
import { unsafeSource } from './dependencies/unsafe-source';
import { privateKey } from './secrets/private-key';

/**
 * The one registry of every rule, sorted by id. A rule that is not listed here does not run.
 * Families with many data rules export an array from their module; each module's rules are spread here.
 */
export const allRules: readonly Rule[] = [
  privateKey,
  downgrade,
  installScript,
  lockfileRemoved,
  newDependency,
  typosquat,
  undeclaredImport,
  unknownPackage,
  unpinned,
  unreadableManifest,
  unsafeSource,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));

/** Looks a rule up by id. */
export function findRule(id: string): Rule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}
