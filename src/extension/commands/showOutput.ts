import type { Services } from '../services';

/** "Agent Guard: Show Output": the log channel. It holds masked findings only, never a secret. */
export function showOutput(services: Services): void {
  services.log.show(true);
}
