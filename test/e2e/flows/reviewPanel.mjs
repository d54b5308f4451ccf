// The review gate as a person meets it: a change arrives, the panel shows it with its findings, and
// clicks decide what reaches the disk (issues 7, 8 and 10).
import { waitFor } from '../../../scripts/vscode/codeServer.mjs';

const ROUTES = [
  "'use strict';",
  "const express = require('express');",
  "const db = require('./db');",
  '',
  'const router = express.Router();',
  '',
  "router.get('/users/:id', async (req, res) => {",
  "  const rows = await db.query('SELECT id, name FROM users WHERE id = $1', [req.params.id]);",
  '  res.json(rows[0] ?? null);',
  '});',
  '',
  '// Health check for the load balancer.',
  "router.get('/health', (req, res) => res.json({ ok: true }));",
  '',
  'module.exports = router;',
  '',
].join('\n');

/** The guard's status-bar entry: its visible text or its accessible label, whichever the workbench exposes. */
async function guardStatus(wb) {
  return (await wb.statusBarItems()).find((s) => /Guard: |Guard off|outside the editor|write straight to disk/i.test(s)) ?? '';
}

const GUARD_ON = /Guard: quarantine|put back at once/i;

async function enableGuard(wb) {
  if (!GUARD_ON.test(await guardStatus(wb))) await wb.runCommand('Agent Guard: Toggle File-System Guard');
  await waitFor(async () => GUARD_ON.test(await guardStatus(wb)), { timeoutMs: 10_000, what: `the guard status to say quarantine (it says "${await guardStatus(wb)}")` });
  // The guard catches writes made while its watcher starts by comparing disk a few times; the flows test the
  // steady state, so they let it settle as a person turning it on would.
  await wb.page.waitForTimeout(2000);
}

async function disableGuard(wb) {
  if (GUARD_ON.test(await guardStatus(wb))) await wb.runCommand('Agent Guard: Toggle File-System Guard');
}

/** Opens the review panel (as from the status bar) and waits for a pending change set holding `filePath`. */
async function openReviewFor(wb, filePath) {
  await wb.runCommand('Agent Guard: Open Review');
  const view = wb.webviewFrame();
  const article = view.locator('article.change-set.state-pending', { has: view.locator('.file-head .path', { hasText: filePath }) });
  await article.first().waitFor({ timeout: 20_000 });
  return { view, article: article.first() };
}

/**
 * Issue 10's first flow: a hard-coded key plus SQL built from req.query, written straight to disk by an
 * agent, is put back at once; the panel shows both findings under their lines; approving the SQL hunk
 * and rejecting the key hunk leaves exactly the baseline plus the approved hunk.
 */
export async function guardedChangeIsReviewedHunkByHunk(wb) {
  const { assert, page } = wb;
  wb.writeFile('src/routes.js', ROUTES);
  await enableGuard(wb);
  try {
    const pem = wb.fakes.fakePem().split('\n').join('\\n');
    const withSearch = ROUTES.replace(
      "router.get('/users/:id', async (req, res) => {",
      [
        "router.get('/search', async (req, res) => {",
        "  const rows = await db.query(`SELECT id, name FROM users WHERE name LIKE '%${req.query.q}%'`);",
        '  res.json(rows);',
        '});',
        '',
        "router.get('/users/:id', async (req, res) => {",
      ].join('\n'),
    );
    const agentContent = withSearch.replace('module.exports = router;', `const SIGNING_KEY = "${pem}";\nmodule.exports = router;`);
    wb.writeFile('src/routes.js', agentContent);

    const { view, article } = await openReviewFor(wb, 'src/routes.js');
    await waitFor(() => wb.readFile('src/routes.js') === ROUTES, { timeoutMs: 10_000, what: 'the baseline back on disk' });
    assert.match(await article.locator('.source').innerText(), /Agent writing to disk · guard/);

    const hunks = article.locator('section.hunk');
    await waitFor(async () => (await hunks.count()) === 2, { timeoutMs: 10_000, what: 'two hunks in the panel' });
    const sqlHunk = hunks.filter({ has: view.locator('.finding .rule', { hasText: /^injection\// }) });
    const keyHunk = hunks.filter({ has: view.locator('.finding .rule', { hasText: 'secrets/private-key' }) });
    assert.equal(await sqlHunk.count(), 1, 'the SQL finding sits in its own hunk');
    assert.equal(await keyHunk.count(), 1, 'the key finding sits in its own hunk');

    // Each finding sits right under the line that carries it.
    const sqlFinding = sqlHunk.locator('.finding').first();
    const lineAbove = sqlFinding.locator('xpath=preceding-sibling::div[contains(@class,"line")][1]');
    assert.match(await lineAbove.locator('.code').textContent(), /db\.query\(`SELECT id, name FROM users WHERE name LIKE/);
    assert.equal((await lineAbove.locator('.num').nth(1).textContent()).trim(), '8');
    const keyLine = keyHunk.locator('.finding').first().locator('xpath=preceding-sibling::div[contains(@class,"line")][1]');
    assert.match(await keyLine.locator('.code').textContent(), /^const SIGNING_KEY = /);
    const keyBody = pem.split('\\n')[1].slice(0, 16);
    assert.ok(!(await view.locator('body').innerText()).includes(keyBody), 'the panel shows key material');

    // Expanding a finding says why it matters and how to fix it.
    await sqlFinding.locator('summary').click();
    assert.match(await sqlFinding.locator('.why').innerText(), /Why it matters: .{20,}/);
    assert.match(await sqlFinding.locator('.fix').innerText(), /How to fix: .{10,}/);
    await wb.screenshot('panel-findings');

    await sqlHunk.getByRole('button', { name: 'Approve' }).click();
    // Request data reaching a query is critical: approving asks once more, names the finding, wants a reason.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /Approve a change with a critical finding/);
    assert.match(await dialog.innerText(), /injection\//);
    await wb.screenshot('confirm-critical');
    await dialog.getByRole('button', { name: 'Approve anyway…' }).click();
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type('Demo data only; the search endpoint is replaced by the ORM query in the next change.');
    await page.keyboard.press('Enter');
    await article.locator('input.comment').fill('Read the key from the environment.');
    await keyHunk.getByRole('button', { name: 'Reject' }).click();

    const expected = withSearch;
    await waitFor(() => wb.readFile('src/routes.js') === expected, { timeoutMs: 15_000, what: 'exactly the baseline plus the approved hunk on disk' });
    await view.locator('article.change-set.state-partially-applied').first().waitFor({ timeout: 10_000 });
    await wb.screenshot('panel-decided');
    assert.ok(page);
  } finally {
    await disableGuard(wb);
  }
}

/**
 * Agent-supplied text is only ever text: a change set with XSS payloads in file names, code and comments
 * renders them visibly, runs none of them, and adds no element to the page.
 */
export async function xssPayloadsRenderAsText(wb) {
  const { assert, page } = wb;
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const payloads = [
    '<img src=x onerror="document.title=\'pwned-img\'">',
    '</script><script>document.title="pwned-script"</script>',
    '<a href="javascript:alert(1)">click</a>',
    '<svg onload="alert(2)"></svg>',
  ];
  await enableGuard(wb);
  try {
    wb.writeFile('src/<img src=x onerror=alert(3)>.js', `// ${payloads[0]}\nconst html = '${payloads[1]}';\n/* ${payloads[2]} */\nmodule.exports = "${payloads[3]}";\n`);
    const { view, article } = await openReviewFor(wb, 'onerror=alert(3)');
    const text = await article.innerText();
    for (const payload of payloads) assert.ok(text.includes(payload), `payload not shown as text: ${payload}`);
    assert.ok(text.includes('src/<img src=x onerror=alert(3)>.js'));

    const counts = await view.locator('body').evaluate(() => ({
      img: document.querySelectorAll('img').length,
      svg: document.querySelectorAll('svg').length,
      a: document.querySelectorAll('a').length,
      scripts: document.querySelectorAll('script').length,
      title: document.title,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
    }));
    // VS Code injects one script of its own into every webview; ours is the only other one.
    assert.deepEqual(counts, { img: 0, svg: 0, a: 0, scripts: 2, title: 'Agent Guard: Review', handlers: 0 });
    const sources = await view.locator('script').evaluateAll((scripts) => scripts.map((s) => s.getAttribute('src') ?? `inline:${(s.textContent ?? '').length}`));
    assert.equal(sources.filter((src) => /review\.js$/.test(src)).length, 1);
    assert.ok(!(await view.locator('body').evaluate(() => [...document.scripts].some((s) => /pwned|alert\(/.test(s.textContent ?? '')))), 'a payload became a script');
    assert.deepEqual(dialogs, [], 'a dialog opened');
    assert.doesNotMatch(await page.title(), /pwned/);
    await wb.screenshot('xss-as-text');

    // Reject it: nothing of it stays on disk.
    await article.getByRole('button', { name: 'Reject all' }).click();
    await view.locator('article.change-set.state-rejected', { has: view.locator('.path', { hasText: 'onerror=alert(3)' }) }).waitFor({ timeout: 10_000 });
  } finally {
    await disableGuard(wb);
  }
}

/** Light, dark and high-contrast themes all render the panel from theme colours (screenshots to look at). */
export async function panelFollowsThemes(wb) {
  const { assert } = wb;
  await wb.runCommand('Agent Guard: Open Review');
  const view = wb.webviewFrame();
  await view.locator('main#app').waitFor({ timeout: 15_000 });
  const backgrounds = [];
  for (const theme of ['Light Modern', 'Dark Modern', 'Dark High Contrast', 'Light High Contrast']) {
    // The theme picker's own keybinding: typing its title in the palette races with similar entries.
    await wb.page.keyboard.press('Control+K');
    await wb.page.keyboard.press('Control+T');
    await wb.page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
    await wb.page.keyboard.type(theme);
    await waitFor(async () => ((await wb.page.locator('.quick-input-widget .monaco-list-row.focused .label-name').first().textContent().catch(() => '')) ?? '').trim() === theme, { timeoutMs: 10_000, what: `${theme} highlighted` });
    await wb.page.keyboard.press('Enter');
    await wb.page.waitForTimeout(800);
    const colors = await view.locator('body').evaluate(() => {
      const style = getComputedStyle(document.body);
      return { background: style.backgroundColor, color: style.color };
    });
    assert.notEqual(colors.background, colors.color, `${theme}: text and background are the same colour`);
    backgrounds.push(colors.background);
    await wb.screenshot(`theme-${theme.toLowerCase().replace(/\s+/g, '-')}`);
  }
  assert.ok(new Set(backgrounds).size >= 2, `the panel did not follow the theme: ${JSON.stringify(backgrounds)}`);
}

/** Issue 7: a change left pending survives "Developer: Reload Window" and can still be decided. */
export async function pendingChangeSurvivesReload(wb) {
  const { assert, page } = wb;
  await enableGuard(wb);
  try {
    const content = "module.exports = function metrics(req, res) { res.json({ uptime: process.uptime() }); };\n";
    wb.writeFile('src/routes/metrics.js', content);
    await openReviewFor(wb, 'src/routes/metrics.js');
    await wb.runCommand('Developer: Reload Window');
    const { waitForWorkbench } = await import('../../../scripts/vscode/codeServer.mjs');
    await page.waitForTimeout(1500);
    await waitForWorkbench(page);
    const { view, article } = await openReviewFor(wb, 'src/routes/metrics.js');
    assert.match(await article.locator('.cs-state').innerText(), /pending/i);
    await article.getByRole('button', { name: 'Approve all without findings' }).click();
    await view.locator('article.change-set.state-applied', { has: view.locator('.path', { hasText: 'src/routes/metrics.js' }) }).waitFor({ timeout: 15_000 });
    assert.equal(wb.readFile('src/routes/metrics.js'), content);
    await wb.screenshot('after-reload');
  } finally {
    await disableGuard(wb);
  }
}

/**
 * An agent writing several files one after another gets one arrival notification, not a stack of them;
 * its "Review" button opens the oldest pending change set, and the status bar counts them all.
 */
export async function arrivalsShowOneNotification(wb) {
  const { assert, page } = wb;
  await enableGuard(wb);
  try {
    // One, two and three files: each notification's text differs (VS Code folds identical ones by itself).
    const bursts = [['src/jobs/cleanup.js'], ['src/jobs/report.js', 'src/jobs/report.test.js'], ['src/jobs/notify.js', 'src/jobs/notify.test.js', 'src/jobs/index.js']];
    const files = bursts.map((burst) => burst[0]);
    const arrivals = async () => (await wb.notifications()).filter((t) => /proposes changes/.test(t));
    let most = 0;
    for (const [i, burst] of bursts.entries()) {
      for (const file of burst) wb.writeFile(file, `module.exports = async function job${i}() { return ${i}; };\n`);
      // Apart enough (the guard's quiet time is 0.4 s) that the guard makes three change sets, not one burst.
      for (let t = 0; t < 5; t++) {
        await page.waitForTimeout(300);
        most = Math.max(most, (await arrivals()).length);
      }
    }
    for (let t = 0; t < 10; t++) {
      await page.waitForTimeout(300);
      most = Math.max(most, (await arrivals()).length);
    }
    assert.equal(most, 1, `expected one arrival notification at a time, saw up to ${most}`);
    const { view } = await openReviewFor(wb, files[2]);
    assert.equal(await view.locator('article.change-set.state-pending').count(), 3, 'every arrival is queued even though only one notification was shown');
    await wb.screenshot('one-arrival-notification');
    for (const file of files) {
      const article = view.locator('article.change-set.state-pending', { has: view.locator('.file-head .path', { hasText: file }) }).first();
      await article.getByRole('button', { name: 'Reject all' }).click();
    }
  } finally {
    await disableGuard(wb);
  }
}
