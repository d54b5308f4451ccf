import type { Services } from '../services';

/** Findings view: show every finding again. */
export function findingsClearFilter(services: Services): void {
  services.findingsTree.setFilter('');
}
