import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lockdown, memoryLockdownStore } from '../../../src/core/lockdown/lockdown';
import { parseViewMessage } from '../../../src/extension/review/protocol';
import { toViewLockdown } from '../../../src/extension/review/toViewModel';

// What the review panel's lockdown banner is built from: the real Lockdown switch, engaged and released.
describe('review panel: lockdown banner data', () => {
  it('shows the headline, the engage time, who and why while locked, and nothing once released', async () => {
    const lockdown = new Lockdown(memoryLockdownStore(), () => new Date('2026-12-05T00:30:00.000Z'));
    assert.deepEqual(toViewLockdown(lockdown.current()), { locked: false });

    const reason = 'Alert: burst of edits to .env files by <b>Claude Code</b>';
    await lockdown.engage({ actor: 'alert', reason });
    assert.deepEqual(toViewLockdown(lockdown.current()), {
      locked: true,
      text: 'Agent Guard is in lockdown',
      since: '2026-12-05T00:30:00.000Z',
      actor: 'alert',
      reason,
    });

    await lockdown.release({ reason: 'agent session ended' });
    assert.deepEqual(toViewLockdown(lockdown.current()), { locked: false });
  });

  it('accepts the banner button message from the webview and drops any extra fields', () => {
    assert.deepEqual(parseViewMessage({ type: 'releaseLockdown', reason: 'injected by a page' }), { type: 'releaseLockdown' });
    assert.equal(parseViewMessage({ type: 'engageLockdown' }), undefined);
  });
});
