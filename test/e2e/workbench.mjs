// What an e2e flow can do in the workbench, as a user would: the command palette, Quick Open, the Problems panel,
// notifications, the status bar, the Output view and webviews. Every wait is on a condition with a bounded timeout.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { waitFor } from '../../scripts/vscode/codeServer.mjs';

const QUICK_INPUT = '.quick-input-widget';
// Labels as the theme picker shows them, and the class the workbench element gets for each kind.
const THEMES = {
  light: { label: 'Light Modern', cssClass: 'vs' },
  dark: { label: 'Dark Modern', cssClass: 'vs-dark' },
  hcDark: { label: 'Dark High Contrast', cssClass: 'hc-black' },
  hcLight: { label: 'Light High Contrast', cssClass: 'hc-light' },
};
// Upper bounds for UI waits: generous because CI shares 2 cores; a passing flow never waits this long.
const UI_TIMEOUT_MS = 30_000;
const FOCUSED_ROW = `${QUICK_INPUT} .monaco-list-row.focused`;

/**
 * The context every flow receives.
 * @param {object} options
 * @param {import('playwright-core').Page} options.page
 * @param {string} options.workspace the run's copy of test/fixtures/workspace
 * @param {string} options.screenshotsDir
 * @param {string} options.flowName used to prefix screenshots
 * @param {object} options.server from startCodeServer
 * @param {object} options.fakes test/helpers/fakeSecrets.ts (fake credentials made at run time)
 */
export function createWorkbench({ page, workspace, screenshotsDir, flowName, server, fakes }) {
  const wb = {
    page,
    workspace,
    server,
    fakes,
    assert,

    /** Writes a file into the workspace copy, as an agent or another program would. */
    writeFile(relativePath, text) {
      const file = path.join(workspace, relativePath);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },

    readFile(relativePath) {
      return readFileSync(path.join(workspace, relativePath), 'utf8');
    },

    /** Saves a full-page screenshot as <flow>-<name>.png and returns its path. */
    async screenshot(name) {
      mkdirSync(screenshotsDir, { recursive: true });
      const file = path.join(screenshotsDir, `${flowName}-${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },

    /**
     * Opens the command palette (F1), types the title and runs the entry once it is the highlighted one.
     * Results arrive late and can shift, and fuzzy ranking may put a longer title first ("Open Locked Preview to
     * the Side" before "Open Preview to the Side"), so it moves to the exact entry and presses Enter only there.
     */
    async runCommand(title) {
      // An open palette does not pick up commands an extension registers after it opened (a new window's
      // extension host may still be starting), so it is closed and opened again before giving up.
      for (let attempt = 1; ; attempt++) {
        await openQuickInput('F1');
        try {
          await pick(title, 'the command palette', attempt < 3 ? 10_000 : UI_TIMEOUT_MS);
          return;
        } catch (error) {
          if (attempt >= 3 || !/in the command palette \(highlighted/.test(String(error?.message))) throw error;
          await page.keyboard.press('Escape');
        }
      }
    },

    /** In an open quick pick (e.g. after a command that asks), types `label` and accepts exactly that entry. */
    async pickQuickInput(label) {
      await page.locator(`${QUICK_INPUT} input`).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
      await pick(label, 'the quick pick');
    },

    /** Opens a workspace file through Quick Open (Ctrl+P) and waits until it is the active editor. */
    async openFile(relativePath) {
      const name = path.basename(relativePath);
      const dir = path.dirname(relativePath);
      await openQuickInput('Control+P');
      await page.keyboard.type(relativePath);
      await waitFor(
        async () => {
          if ((await focusedLabel()) !== name) return false;
          const description = (await page.locator(`${FOCUSED_ROW} .label-description`).first().textContent().catch(() => '')) ?? '';
          return dir === '.' || description.replace(/\\/g, '/').endsWith(dir);
        },
        { timeoutMs: UI_TIMEOUT_MS, what: `${relativePath} highlighted in Quick Open` },
      );
      await page.keyboard.press('Enter');
      await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
      // The editor must have focus and a cursor before commands that act on the active editor run.
      await page.locator('.editor-instance .monaco-editor.focused').waitFor({ timeout: UI_TIMEOUT_MS });
    },

    /** Opens the Problems panel (Ctrl+Shift+M) if it is not showing. */
    async showProblems() {
      if (!(await page.locator('.markers-panel').isVisible().catch(() => false))) await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel').waitFor({ timeout: UI_TIMEOUT_MS });
    },

    /**
     * The number of problems the Problems panel says it shows. Rows are virtualised and sticky scroll duplicates
     * them, so the count comes from the panel's own "Showing N problems" label (its tree's aria-label), with the
     * panel badge as a fallback.
     */
    async problemsCount() {
      await wb.showProblems();
      return page.evaluate(() => {
        const tree = document.querySelector('.markers-panel .monaco-list[aria-label]');
        const label = tree?.getAttribute('aria-label') ?? '';
        const showing = /Showing (\d+) problems?/i.exec(label);
        if (showing) return Number(showing[1]);
        if (/No problems/i.test(label)) return 0;
        return null;
      });
    },

    /** Waits until the Problems panel shows `expected` problems; returns the count. */
    async waitForProblemsCount(expected, { timeoutMs = UI_TIMEOUT_MS } = {}) {
      let last;
      await waitFor(async () => (last = await wb.problemsCount()) === expected, { timeoutMs, what: () => `the Problems panel to show ${expected} problems (it shows ${last})` });
      return last;
    },

    /**
     * The marker rows the Problems panel renders, deduplicated (sticky scroll repeats rows): each row's visible text
     * ("RSA private key [critical] Agent Guard(secrets/private-key) [Ln 4, Col 21]"); file rows are left out.
     */
    async problemRows() {
      await wb.showProblems();
      return page.evaluate(() => {
        const rows = document.querySelectorAll('.markers-panel .monaco-list-rows .monaco-list-row');
        const texts = [...rows].filter((r) => r.querySelector('.marker-icon, .codicon-error, .codicon-warning, .codicon-info')).map((r) => r.innerText.replace(/\s+/g, ' ').trim());
        return [...new Set(texts)];
      });
    },

    /** Texts of the notification toasts on screen. */
    async notifications() {
      return page.locator('.notification-toast .notification-list-item-message').allTextContents();
    },

    /** Waits for a toast whose text matches. */
    async waitForNotification(pattern, { timeoutMs = UI_TIMEOUT_MS } = {}) {
      let seen = [];
      return waitFor(async () => (seen = await wb.notifications()).find((t) => pattern.test(t)), { timeoutMs, what: () => `a notification matching ${pattern} (saw ${JSON.stringify(seen)})` });
    },

    /** Clicks a button of the notification toast whose message matches. */
    async clickNotificationButton(pattern, buttonLabel) {
      await wb.waitForNotification(pattern);
      const toast = page.locator('.notification-toast').filter({ has: page.locator('.notification-list-item-message', { hasText: pattern }) });
      await toast.getByRole('button', { name: buttonLabel }).first().click({ timeout: UI_TIMEOUT_MS });
    },

    /** The status bar entries' accessible labels, left to right. */
    async statusBarItems() {
      return page.locator('.part.statusbar .statusbar-item').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label') || i.textContent?.trim() || '').filter(Boolean));
    },

    /** The visible text of the Output view after showing the named channel via its command. */
    async outputText() {
      const lines = page.locator('.output-view .view-lines, .panel .view-lines').first();
      await lines.waitFor({ timeout: UI_TIMEOUT_MS });
      return (await lines.innerText()).replace(/\u00a0/g, ' ');
    },

    /**
     * Merges values into the user settings.json. The window reads it when it loads and does not watch it for
     * outside writes, so call `reload()` afterwards (or set it before the flow's page loads).
     */
    updateUserSettings(values) {
      const file = path.join(server.dirs.userData, 'User', 'settings.json');
      writeFileSync(file, `${JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), ...values }, null, 2)}\n`);
    },

    /** Reloads the window and waits for the workbench (e.g. after updateUserSettings). */
    async reload() {
      await page.reload();
      await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 90_000 });
    },

    /**
     * Switches the colour theme as a user does (Preferences: Color Theme) and waits until the workbench has
     * applied it. Kinds: 'light' | 'dark' | 'hcDark' | 'hcLight' (the built-in default theme of that kind).
     */
    async setColorTheme(kind) {
      const theme = THEMES[kind];
      assert.ok(theme, `unknown theme kind ${kind}; known: ${Object.keys(THEMES).join(', ')}`);
      if (await hasThemeClass(theme.cssClass)) return;
      await wb.runCommand('Preferences: Color Theme');
      await wb.pickQuickInput(theme.label);
      await waitFor(() => hasThemeClass(theme.cssClass), { timeoutMs: UI_TIMEOUT_MS, what: `the ${theme.label} theme (.monaco-workbench.${theme.cssClass})` });
    },

    /** The active webview's document, two iframes deep. */
    webviewFrame() {
      return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    },
  };

  /** Types into the open quick input and presses Enter once the entry labelled exactly `label` is focused. */
  async function pick(label, where, findTimeoutMs = UI_TIMEOUT_MS) {
    const input = page.locator(`${QUICK_INPUT} input`);
    await page.keyboard.type(label);
    const exactRow = page.locator(`${QUICK_INPUT} .monaco-list-row`).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
    await waitFor(async () => (await exactRow.count()) > 0, { timeoutMs: findTimeoutMs, what: async () => `"${label}" in ${where} (highlighted: "${await focusedLabel()}")` });
    await waitFor(
      async () => {
        if ((await focusedLabel()) === label) return true;
        await page.keyboard.press('ArrowDown');
        return false;
      },
      { timeoutMs: UI_TIMEOUT_MS, intervalMs: 150, what: async () => `"${label}" highlighted in ${where} (saw "${await focusedLabel()}")` },
    );
    const typed = await input.inputValue();
    await page.keyboard.press('Enter');
    // Accepted when the widget closes, or when it turns into the next picker (a command that asks something).
    await waitFor(async () => !(await input.isVisible()) || (await input.inputValue()) !== typed, { timeoutMs: UI_TIMEOUT_MS, what: `${where} to accept "${label}"` });
  }

  function hasThemeClass(cssClass) {
    return page.evaluate((c) => document.querySelector('.monaco-workbench')?.classList.contains(c) ?? false, cssClass);
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }

  async function openQuickInput(key) {
    // Escape first: a leftover widget would swallow the key.
    if (await page.locator(QUICK_INPUT).isVisible().catch(() => false)) await page.keyboard.press('Escape');
    await page.keyboard.press(key);
    await page.locator(`${QUICK_INPUT} input`).waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  }

  async function focusedLabel() {
    const row = page.locator(`${FOCUSED_ROW} .label-name`).first();
    return ((await row.textContent({ timeout: 1000 }).catch(() => '')) ?? '').replace(/\u00a0/g, ' ').trim();
  }

  return wb;
}
