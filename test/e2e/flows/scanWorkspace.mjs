// Issue 9/10: "Scan Workspace" from the command palette fills the Problems panel.

/** Two files with keys and one clean file: F1 → Scan Workspace → the Problems panel lists both keys. */
export async function scanWorkspaceFillsProblems(wb) {
  const { assert } = wb;
  wb.writeFile('src/keys/signing.js', `module.exports = \`${wb.fakes.fakePem()}\`;\n`);
  wb.writeFile('config/deploy.pem', `${wb.fakes.fakePem('OPENSSH PRIVATE KEY', 400)}\n`);
  await wb.runCommand('Agent Guard: Scan Workspace');
  await wb.showProblems();
  let count = 0;
  const { waitFor } = await import('../../../scripts/vscode/codeServer.mjs');
  await waitFor(async () => (count = (await wb.problemsCount()) ?? 0) >= 2, { timeoutMs: 90_000, what: `the Problems panel to list the two keys (it shows ${count})` });
  const rows = await wb.problemRows();
  assert.ok(rows.filter((r) => r.includes('secrets/private-key')).length >= 2, `rows: ${JSON.stringify(rows)}`);
  await wb.screenshot('problems');
}
