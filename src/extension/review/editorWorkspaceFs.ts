import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CurrentFile, WorkspaceFs } from '../../core/fs/workspaceFs';
import { NodeWorkspaceFs } from '../../core/fs/workspaceFs';
import type { PathRefusal, ResolvedPath } from '../../core/fs/pathSafety';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const BOM = '\ufeff';

/**
 * The workspace as the person sees it. An open document is read from its buffer (so unsaved work is what
 * approved hunks are rebased onto, never lost) and changed through a WorkspaceEdit (so undo works), then
 * saved. Closed files go through the core's atomic writes.
 */
export class EditorWorkspaceFs implements WorkspaceFs {
  private readonly disk: NodeWorkspaceFs;

  constructor(
    readonly root: string,
    /** Told about every write, so the file-system guard does not take it for an agent's. */
    private readonly onOwnWrite: (relativePath: string, bytes: Uint8Array | undefined) => void = () => undefined,
  ) {
    this.disk = new NodeWorkspaceFs(root);
  }

  resolve(relativePath: string): Promise<ResolvedPath | PathRefusal> {
    return this.disk.resolve(relativePath);
  }

  private openDocument(relativePath: string): vscode.TextDocument | undefined {
    const absolute = path.join(this.root, relativePath);
    return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absolute);
  }

  async read(relativePath: string): Promise<CurrentFile | undefined> {
    const onDisk = await this.disk.read(relativePath);
    const document = this.openDocument(relativePath);
    if (!document?.isDirty) return onDisk;
    const hadBom = onDisk ? onDisk.bytes[0] === 0xef && onDisk.bytes[1] === 0xbb && onDisk.bytes[2] === 0xbf : false;
    return { bytes: Buffer.from((hadBom ? BOM : '') + document.getText(), 'utf8'), mode: onDisk?.mode ?? 0o644 };
  }

  async write(relativePath: string, bytes: Uint8Array, mode?: number): Promise<void> {
    this.onOwnWrite(relativePath, bytes);
    const document = this.openDocument(relativePath);
    const text = document ? decodeUtf8(bytes) : undefined;
    if (document && text !== undefined) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text.startsWith(BOM) ? text.slice(1) : text);
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`the editor refused the edit to ${relativePath}`);
      if (!(await document.save())) throw new Error(`${relativePath} could not be saved`);
      if (mode !== undefined) await this.disk.write(relativePath, await this.diskBytes(relativePath, bytes), mode);
      return;
    }
    await this.disk.write(relativePath, bytes, mode);
  }

  private async diskBytes(relativePath: string, fallback: Uint8Array): Promise<Uint8Array> {
    return (await this.disk.read(relativePath))?.bytes ?? fallback;
  }

  async remove(relativePath: string): Promise<void> {
    this.onOwnWrite(relativePath, undefined);
    await this.disk.remove(relativePath);
  }

  async rename(from: string, to: string): Promise<void> {
    this.onOwnWrite(from, undefined);
    this.onOwnWrite(to, undefined);
    await this.disk.rename(from, to);
  }
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
