// The foundation's promise (issue 2): "Agent Guard: Scan Current File" puts the finding in the Problems panel.

/** A file with a private key: F1 → Scan Current File → one problem on the right line, the key itself never shown. */
export async function findingReachesProblemsPanel(wb) {
  const { assert } = wb;
  const pem = wb.fakes.fakePem();
  wb.writeFile('src/deploy.js', ["'use strict';", '', '// deploy settings', `const signingKey = \`${pem}\`;`, 'module.exports = { signingKey };', ''].join('\n'));

  await wb.openFile('src/deploy.js');
  await wb.runCommand('Agent Guard: Scan Current File');
  // The notification's button is how a user gets from the scan to the Problems panel.
  await wb.clickNotificationButton(/Agent Guard: 1 finding in src\/deploy\.js/, 'Show Problems');
  await wb.page.locator('.markers-panel').waitFor();

  assert.equal(await wb.waitForProblemsCount(1), 1);
  const rows = await wb.problemRows();
  const row = rows.find((r) => r.includes('secrets/private-key'));
  assert.ok(row, `no secrets/private-key row in the Problems panel: ${JSON.stringify(rows)}`);
  assert.match(row, /private key/i);
  assert.match(row, /Agent Guard/);
  assert.match(row, /\[Ln 4, Col 21\]/, `the problem is not at line 4, column 21: ${row}`);
  const keyBody = pem.split('\n')[1].slice(0, 16);
  assert.ok(!rows.some((r) => r.includes(keyBody)), 'the Problems panel shows key material');

  // The status bar's problems indicator counts the error, as a user glancing at it would see.
  const status = await wb.statusBarItems();
  assert.ok(status.some((s) => /\b1 Error/i.test(s) || /Errors?: 1\b/i.test(s)), `status bar has no error count: ${JSON.stringify(status)}`);
  await wb.screenshot('problems');

  // The Output channel says what was scanned, masked.
  await wb.runCommand('Agent Guard: Show Output');
  const output = await wb.outputText();
  assert.match(output, /Scan Current File: 1 finding in src\/deploy\.js/);
  assert.ok(!output.includes(keyBody), 'the Output channel shows key material');
  await wb.screenshot('output');
}


/** A clean file: the scan says so and the Problems panel stays empty. */
export async function cleanFileHasNoProblems(wb) {
  await wb.openFile('src/app.js');
  await wb.runCommand('Agent Guard: Scan Current File');
  await wb.waitForNotification(/Agent Guard: no findings in src\/app\.js/);
  wb.assert.equal(await wb.waitForProblemsCount(0), 0);
  await wb.screenshot('clean');
}
