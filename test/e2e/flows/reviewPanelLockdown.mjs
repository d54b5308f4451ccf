// The review panel during a lockdown (issue 11): the person sees why nothing can be approved, can still
// reject, and releases the lockdown from the panel itself; the panel follows the switch live.
import { waitFor } from '../../../scripts/vscode/codeServer.mjs';

const GUARD_ON = /Guard: quarantine|put back at once/i;

/** The guard's status-bar entry (same reading as reviewPanel.mjs). */
async function guardStatus(wb) {
  return (await wb.statusBarItems()).find((s) => /Guard: |Guard off|outside the editor|write straight to disk/i.test(s)) ?? '';
}

/** A workspace file's text, or undefined when it is not on disk. */
function onDisk(wb, relativePath) {
  try {
    return wb.readFile(relativePath);
  } catch {
    return undefined;
  }
}

/** Answers the Release Lockdown input box with a reason, as a person would. */
async function answerReleaseReason(wb, reason) {
  await wb.page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
  await wb.page.keyboard.type(reason);
  await wb.page.keyboard.press('Enter');
}

/**
 * A change held in the panel; Lockdown from the command palette puts a banner over it and turns every
 * Approve button off (Reject stays on); the banner's Release Lockdown button asks why, and once released
 * the banner goes and the change can be approved onto the disk.
 */
export async function panelShowsLockdownAndReleasesIt(wb) {
  const { assert } = wb;
  if (!GUARD_ON.test(await guardStatus(wb))) await wb.runCommand('Agent Guard: Toggle File-System Guard');
  await waitFor(async () => GUARD_ON.test(await guardStatus(wb)), { timeoutMs: 10_000, what: 'the guard in quarantine' });
  await wb.page.waitForTimeout(2000);
  let locked = false;
  try {
    const content = "module.exports = function uptime(req, res) { res.json({ uptime: process.uptime() }); };\n";
    wb.writeFile('src/routes/uptime.js', content);
    await wb.runCommand('Agent Guard: Open Review');
    const view = wb.webviewFrame();
    const article = view.locator('article.change-set.state-pending', { has: view.locator('.file-head .path', { hasText: 'src/routes/uptime.js' }) }).first();
    await article.waitFor({ timeout: 20_000 });
    await waitFor(() => onDisk(wb, 'src/routes/uptime.js') === undefined, { timeoutMs: 10_000, what: 'the new file taken off the disk until reviewed' });
    const banner = view.locator('#lockdown.lockdown-banner');
    const approveButtons = ['Approve', 'Approve file', 'Approve all without findings', 'Approve all…'].map((name) => article.getByRole('button', { name, exact: true }));
    const rejectButtons = ['Reject', 'Reject file', 'Reject all'].map((name) => article.getByRole('button', { name, exact: true }));
    assert.equal(await banner.count(), 0, 'a banner before any lockdown');
    for (const b of approveButtons) assert.equal(await b.isEnabled(), true);

    // Engaged while the panel is open: it updates without being reopened.
    await wb.runCommand('Agent Guard: Lockdown');
    locked = true;
    await banner.waitFor({ timeout: 10_000 });
    const text = await banner.innerText();
    assert.match(text, /Agent Guard is in lockdown/);
    assert.match(text, /Since .*\d.*, engaged by user\./);
    assert.match(text, /Approving is off until the lockdown is released; rejecting still works/);
    assert.equal(await banner.getAttribute('role'), 'alert');
    await waitFor(async () => (await approveButtons[0].isDisabled()), { timeoutMs: 10_000, what: 'the hunk Approve button disabled' });
    for (const b of approveButtons) assert.equal(await b.isDisabled(), true, 'an Approve button is enabled during the lockdown');
    for (const b of rejectButtons) assert.equal(await b.isEnabled(), true, 'a Reject button is disabled during the lockdown');
    assert.match(await approveButtons[0].getAttribute('title'), /off during a lockdown/);
    // The keyboard shortcut does not approve either.
    await article.locator('section.hunk.pending').first().focus();
    await wb.page.keyboard.press('a');
    await wb.page.waitForTimeout(500);
    assert.equal(await article.locator('section.hunk.pending').count(), 1, "the 'a' key approved a hunk during the lockdown");
    assert.equal(onDisk(wb, 'src/routes/uptime.js'), undefined, 'the held change reached the disk');
    await wb.screenshot('panel-lockdown-banner');

    // Release from the banner: the existing command asks why, then the panel is as before.
    await banner.getByRole('button', { name: 'Release Lockdown' }).click();
    await answerReleaseReason(wb, 'Agent session ended; the change was reviewed.');
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    locked = false;
    await waitFor(async () => (await approveButtons[2].isEnabled()), { timeoutMs: 10_000, what: 'Approve enabled after the release' });
    await approveButtons[2].click();
    await view.locator('article.change-set.state-applied', { has: view.locator('.path', { hasText: 'src/routes/uptime.js' }) }).waitFor({ timeout: 15_000 });
    assert.equal(wb.readFile('src/routes/uptime.js'), content);
  } finally {
    if (locked) {
      await wb.page.keyboard.press('Escape');
      await wb.runCommand('Agent Guard: Release Lockdown').catch(() => undefined);
      await answerReleaseReason(wb, 'end of the e2e flow').catch(() => undefined);
    }
    if (GUARD_ON.test(await guardStatus(wb))) await wb.runCommand('Agent Guard: Toggle File-System Guard');
  }
}
