import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A throwaway workspace folder with helpers to seed and read files. */
export interface TempWorkspace {
  root: string;
  write(relative: string, content: string | Uint8Array, mode?: number): Promise<void>;
  read(relative: string): Promise<Buffer>;
  mode(relative: string): Promise<number>;
  exists(relative: string): Promise<boolean>;
  dispose(): Promise<void>;
}

export async function tempWorkspace(prefix = 'ag-review-'): Promise<TempWorkspace> {
  const root = await mkdtemp(path.join(tmpdir(), prefix));
  return {
    root,
    async write(relative, content, mode) {
      const full = path.join(root, relative);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, content, mode === undefined ? undefined : { mode });
    },
    read: (relative) => readFile(path.join(root, relative)),
    mode: async (relative) => (await stat(path.join(root, relative))).mode & 0o7777,
    exists: (relative) => stat(path.join(root, relative)).then(() => true, () => false),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}
