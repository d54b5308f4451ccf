import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { ProjectFiles } from '../rules/types';

/** Files larger than this are not read for context. */
const MAX_CONTEXT_BYTES = 2 * 1024 * 1024;

/**
 * Project files read from folders on disk: `root` as it is now, `beforeRoot` as it was (diff mode).
 * Paths that leave the root are refused; every answer is cached, so a scan reads each file once.
 */
export function folderProject(root: string, beforeRoot?: string): ProjectFiles {
  const reader = (base: string) => {
    const absoluteBase = path.resolve(base);
    const cache = new Map<string, Promise<string | undefined>>();
    return (relative: string): Promise<string | undefined> => {
      let hit = cache.get(relative);
      if (!hit) {
        hit = readInside(absoluteBase, relative);
        cache.set(relative, hit);
      }
      return hit;
    };
  };
  const now = reader(root);
  const before = beforeRoot ? reader(beforeRoot) : undefined;
  const absoluteRoot = path.resolve(root);
  return { readText: now, readBeforeText: before, listFolders: (relative) => listInside(absoluteRoot, relative) };
}

/** Sub-folders of a folder inside the root, dependency and hidden folders left out, at most 1,000. */
async function listInside(base: string, relative: string): Promise<string[]> {
  if (relative.includes('\0') || path.isAbsolute(relative)) return [];
  const target = path.resolve(base, relative);
  if (target !== base && !target.startsWith(base + path.sep)) return [];
  try {
    const entries = await readdir(target, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules').map((e) => e.name).slice(0, 1000);
  } catch {
    return [];
  }
}

async function readInside(base: string, relative: string): Promise<string | undefined> {
  if (relative.includes('\0') || path.isAbsolute(relative)) return undefined;
  const target = path.resolve(base, relative);
  if (target !== base && !target.startsWith(base + path.sep)) return undefined;
  try {
    // A symlink inside the root may point outside it; follow it only if it stays in.
    const [realBase, realTarget] = await Promise.all([realpath(base), realpath(target)]);
    if (realTarget !== realBase && !realTarget.startsWith(realBase + path.sep)) return undefined;
    const info = await stat(realTarget);
    if (!info.isFile() || info.size > MAX_CONTEXT_BYTES) return undefined;
    return await readFile(realTarget, 'utf8');
  } catch {
    return undefined;
  }
}

/** Project files from an in-memory map, for tests and for hosts that hold documents themselves. */
export function memoryProject(files: Readonly<Record<string, string>>, before?: Readonly<Record<string, string>>): ProjectFiles {
  return {
    readText: async (p) => files[p],
    readBeforeText: before ? async (p) => before[p] : undefined,
    listFolders: async (dir) => {
      const prefix = dir && !dir.endsWith('/') ? `${dir}/` : dir;
      const names = new Set<string>();
      for (const file of Object.keys(files)) if (file.startsWith(prefix) && file.slice(prefix.length).includes('/')) names.add(file.slice(prefix.length).split('/')[0]);
      return [...names].sort();
    },
  };
}
