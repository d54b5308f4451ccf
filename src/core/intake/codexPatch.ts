/**
 * Codex's apply_patch envelope: `*** Begin Patch`, then Add / Delete / Update (optionally Move to) file
 * sections with `@@` hunks of ' ', '-', '+' lines, then `*** End Patch`. Hunks are located by their
 * context, not by line numbers, as Codex does: exact first, then ignoring trailing and surrounding spaces.
 */

export type PatchOperation =
  | { kind: 'add'; path: string; content: string }
  | { kind: 'delete'; path: string }
  | { kind: 'update'; path: string; moveTo?: string; hunks: PatchHunk[] };

export interface PatchHunk {
  /** Text after `@@`, used to find the region when it is a line of the file. */
  anchor: string;
  oldLines: string[];
  newLines: string[];
  endOfFile: boolean;
}

export class PatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchError';
  }
}

const MAX_PATCH_BYTES = 8 * 1024 * 1024;

/** Parses an apply_patch envelope; throws PatchError saying which line is wrong. */
export function parseCodexPatch(patch: string): PatchOperation[] {
  if (patch.length > MAX_PATCH_BYTES) throw new PatchError('patch is larger than 8 MB');
  const lines = patch.replace(/\r\n/g, '\n').split('\n');
  let i = lines.findIndex((line) => line.trim() === '*** Begin Patch');
  if (i < 0) throw new PatchError('no "*** Begin Patch" line');
  i++;
  const operations: PatchOperation[] = [];
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '*** End Patch') return operations;
    if (line.startsWith('*** Add File: ')) {
      const path = line.slice('*** Add File: '.length).trim();
      const content: string[] = [];
      i++;
      while (i < lines.length && lines[i].startsWith('+')) content.push(lines[i++].slice(1));
      operations.push({ kind: 'add', path, content: content.length ? `${content.join('\n')}\n` : '' });
      continue;
    }
    if (line.startsWith('*** Delete File: ')) {
      operations.push({ kind: 'delete', path: line.slice('*** Delete File: '.length).trim() });
      i++;
      continue;
    }
    if (line.startsWith('*** Update File: ')) {
      const path = line.slice('*** Update File: '.length).trim();
      i++;
      let moveTo: string | undefined;
      if (lines[i]?.startsWith('*** Move to: ')) moveTo = lines[i++].slice('*** Move to: '.length).trim();
      const hunks: PatchHunk[] = [];
      while (i < lines.length && !lines[i].startsWith('*** ') ) {
        if (!lines[i].startsWith('@@')) {
          if (lines[i] === '' && (lines[i + 1] === undefined || lines[i + 1].startsWith('*** '))) {
            i++;
            continue;
          }
          throw new PatchError(`line ${i + 1}: expected "@@" to start a hunk in ${path}`);
        }
        const hunk: PatchHunk = { anchor: lines[i].slice(2).trim(), oldLines: [], newLines: [], endOfFile: false };
        i++;
        while (i < lines.length && !lines[i].startsWith('@@') && !(lines[i].startsWith('*** ') && lines[i] !== '*** End of File')) {
          const body = lines[i];
          if (body === '*** End of File') {
            hunk.endOfFile = true;
          } else if (body.startsWith('+')) {
            hunk.newLines.push(body.slice(1));
          } else if (body.startsWith('-')) {
            hunk.oldLines.push(body.slice(1));
          } else if (body.startsWith(' ') || body === '') {
            hunk.oldLines.push(body.slice(1));
            hunk.newLines.push(body.slice(1));
          } else {
            throw new PatchError(`line ${i + 1}: a hunk line must start with ' ', '-' or '+'`);
          }
          i++;
        }
        hunks.push(hunk);
      }
      if (hunks.length === 0 && !moveTo) throw new PatchError(`"*** Update File: ${path}" has no hunks`);
      operations.push({ kind: 'update', path, moveTo, hunks });
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    throw new PatchError(`line ${i + 1}: unexpected "${line.slice(0, 60)}"`);
  }
  throw new PatchError('no "*** End Patch" line');
}

/** Applies an update's hunks to the current text, keeping its line endings. Throws PatchError when a hunk's context is not found. */
export function applyCodexHunks(path: string, text: string, hunks: readonly PatchHunk[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const hadFinalNewline = text === '' || /\n$/.test(text);
  const lines = text.split(/\r?\n/);
  if (hadFinalNewline && lines[lines.length - 1] === '') lines.pop();
  let cursor = 0;
  for (const [n, hunk] of hunks.entries()) {
    if (hunk.anchor) {
      const anchorAt = findSequence(lines, [hunk.anchor], cursor);
      if (anchorAt >= 0) cursor = anchorAt + 1;
    }
    let at: number;
    if (hunk.oldLines.length === 0) {
      at = hunk.endOfFile ? lines.length : cursor;
    } else {
      at = hunk.endOfFile ? findSequence(lines, hunk.oldLines, Math.max(cursor, lines.length - hunk.oldLines.length)) : -1;
      if (at < 0) at = findSequence(lines, hunk.oldLines, cursor);
    }
    if (at < 0) throw new PatchError(`${path}: hunk ${n + 1} does not match the file (its context lines were not found)`);
    lines.splice(at, hunk.oldLines.length, ...hunk.newLines);
    cursor = at + hunk.newLines.length;
  }
  return lines.length ? `${lines.join(eol)}${hadFinalNewline ? eol : ''}` : '';
}

/** Finds `needle` in `lines` at or after `from`: exactly, then ignoring trailing spaces, then ignoring all surrounding spaces. */
function findSequence(lines: readonly string[], needle: readonly string[], from: number): number {
  const normalizers = [(s: string) => s, (s: string) => s.trimEnd(), (s: string) => s.trim()];
  for (const normalize of normalizers) {
    const wanted = needle.map(normalize);
    for (let start = Math.max(0, from); start + wanted.length <= lines.length; start++) {
      let matches = true;
      for (let k = 0; k < wanted.length && matches; k++) matches = normalize(lines[start + k]) === wanted[k];
      if (matches) return start;
    }
  }
  return -1;
}

/** Writes a patch that turns `before` into `after` as one whole-file hunk (used to answer with an updated input). */
export function wholeFilePatch(path: string, before: string | undefined, after: string | undefined): string {
  const split = (text: string) => {
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    return lines;
  };
  if (after === undefined) return `*** Begin Patch\n*** Delete File: ${path}\n*** End Patch\n`;
  if (before === undefined) return `*** Begin Patch\n*** Add File: ${path}\n${split(after).map((l) => `+${l}`).join('\n')}\n*** End Patch\n`;
  const body = [...split(before).map((l) => `-${l}`), ...split(after).map((l) => `+${l}`)].join('\n');
  return `*** Begin Patch\n*** Update File: ${path}\n@@\n${body}\n*** End Patch\n`;
}
