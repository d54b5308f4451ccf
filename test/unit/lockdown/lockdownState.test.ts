import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lockdown, LockdownError, attemptedFiles, engageEvent, lockdownPolicy, memoryLockdownStore, parseLockdownState, releaseEvent } from '../../../src/core/lockdown/lockdown';
import { STRICT_DEFAULTS } from '../../../src/core/policy/policy';

describe('lockdown state', () => {
  it('persists an engage, so a new window (a reload) starts locked with the same time and reason', async () => {
    const store = memoryLockdownStore();
    let clock = new Date('2026-12-04T22:50:00.000Z');
    const first = new Lockdown(store, () => clock);
    const seen: boolean[] = [];
    first.onChange((s) => seen.push(s.locked));
    const change = await first.engage({ actor: 'alert', reason: 'burst of writes to .env files' });
    assert.equal(change.changed, true);
    assert.deepEqual(seen, [true]);

    const reloaded = new Lockdown(store, () => clock);
    assert.equal(reloaded.locked, true);
    assert.deepEqual(reloaded.current(), { locked: true, since: '2026-12-04T22:50:00.000Z', actor: 'alert', reason: 'burst of writes to .env files' });

    // A second engage keeps the first one's time and reason.
    clock = new Date('2026-12-04T22:55:00.000Z');
    const again = await reloaded.engage({ reason: 'pressed twice' });
    assert.equal(again.changed, false);
    assert.equal(reloaded.current().since, '2026-12-04T22:50:00.000Z');

    const released = await reloaded.release({ reason: '  rotated the key, session ended  ' });
    assert.equal(released.releaseReason, 'rotated the key, session ended');
    assert.equal(released.durationSeconds, 300);
    assert.equal(new Lockdown(store).locked, false, 'the release is saved too');
    assert.deepEqual(releaseEvent(released), { action: 'release', reason: 'rotated the key, session ended', lockedSince: '2026-12-04T22:50:00.000Z', engagedBy: 'alert', engageReason: 'burst of writes to .env files', durationSeconds: 300 });
  });

  it('refuses a release without a real reason, or when not locked, and changes nothing', async () => {
    const store = memoryLockdownStore();
    const lockdown = new Lockdown(store);
    await assert.rejects(lockdown.release({ reason: 'because' }), (e) => LockdownError.is(e, 'notLocked'));
    await lockdown.engage();
    for (const reason of [undefined, '', '  ok ', 42, { text: 'why' }]) {
      await assert.rejects(lockdown.release({ reason }), (e) => LockdownError.is(e, 'invalidReason'), String(reason));
    }
    assert.equal(lockdown.locked, true);
    assert.equal(store.saved.length, 1, 'only the engage was saved');
    await assert.rejects(new Lockdown(memoryLockdownStore()).engage({ reason: 7 }), (e) => LockdownError.is(e, 'invalidReason'));
  });

  it('reads a damaged stored state closed: anything that says locked stays locked', () => {
    assert.deepEqual(parseLockdownState(undefined), { locked: false });
    assert.deepEqual(parseLockdownState('locked'), { locked: false });
    assert.deepEqual(parseLockdownState({ locked: 'yes' }), { locked: false });
    assert.deepEqual(parseLockdownState({ locked: true, since: 'not a date', reason: 5 }), { locked: true, since: undefined, actor: undefined, reason: undefined });
    assert.equal(parseLockdownState({ locked: true, reason: 'x'.repeat(5000) }).reason?.length, 500);
  });

  it('the lockdown policy turns auto-approve off and every allow into an ask, and keeps denies', () => {
    const policy = lockdownPolicy({
      ...STRICT_DEFAULTS,
      autoApprove: { enabled: true, allowLists: [['docs/**']] },
      agents: [{ agent: 'Claude Code', origin: 'user', rules: [{ action: 'allow', paths: ['src/**'], reason: 'its task' }, { action: 'deny', paths: ['.env*'] }, { action: 'ask', paths: ['.github/**'] }] }],
    });
    assert.equal(policy.autoApprove.enabled, false);
    assert.deepEqual(policy.autoApprove.allowLists, [['docs/**']]);
    assert.deepEqual(policy.agents[0].rules.map((r) => r.action), ['ask', 'deny', 'ask']);
    assert.match(policy.agents[0].rules[0].reason!, /lockdown.*\(its task\)/);
  });

  it('the engage entry says what was held and denied', async () => {
    const lockdown = new Lockdown(memoryLockdownStore(), () => new Date('2026-12-04T23:00:00.000Z'));
    const change = await lockdown.engage({ reason: 'suspicious' });
    assert.deepEqual(engageEvent(change, { pending: 3, hooksDenied: 1 }), { action: 'engage', since: '2026-12-04T23:00:00.000Z', reason: 'suspicious', pending: 3, hooksDenied: 1, guard: 'quarantine', autoApprove: false });
  });

  it('lists what a refused hook request tried, from untrusted input, without contents and within bounds', () => {
    assert.deepEqual(attemptedFiles(undefined), []);
    assert.deepEqual(attemptedFiles('src/a.ts'), []);
    const listed = attemptedFiles([{ path: '.env', content: 'API_KEY=sk_live_abc123' }, { path: 'old.ts', delete: true }, { path: 42 }, null, { path: 'src/b.ts', edits: [{ oldText: 'a', newText: 'b' }] }]);
    assert.deepEqual(listed.map((f) => f.path), ['.env', 'old.ts', 'src/b.ts']);
    assert.match(listed[0].afterSha256 ?? '', /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(listed).includes('sk_live'), 'the content is hashed, never kept');
    assert.equal(listed[1].delete, true);
    assert.equal(attemptedFiles(Array.from({ length: 500 }, (_, i) => ({ path: `f${i}` }))).length, 50);
    assert.equal(attemptedFiles([{ path: 'p'.repeat(100_000) }])[0].path.length, 1000);
  });
});
