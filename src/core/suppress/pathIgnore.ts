import { readFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import ignore from 'ignore';

/** The ignore file Agent Guard reads in every folder, in gitignore syntax. */
export const AGENT_GUARD_IGNORE_FILE_NAME = '.agent-guardignore';

export interface PathIgnoreOptions {
  /** Extra gitignore-syntax patterns (agentGuard.exclude), relative to the root. */
  exclude?: readonly string[];
  /** Read `.agent-guardignore` files (default true). */
  respectAgentGuardIgnore?: boolean;
}

/**
 * Answers, for one file, the question walkFiles answers while walking: is it excluded by a pattern or by
 * a `.agent-guardignore` in the root or any folder between the root and the file? Used by live and
 * current-file scans, which see one document and never walk. Reads the few ignore files on each call:
 * they are tiny, and a stale cache would scan (or hide) the wrong file.
 */
export async function isPathIgnored(root: string, relativePath: string, options: PathIgnoreOptions = {}): Promise<boolean> {
  const posix = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!posix || posix.startsWith('../')) return false;
  if (options.exclude?.length && matchesAny(ignore().add([...options.exclude]), posix)) return true;
  if (options.respectAgentGuardIgnore === false) return false;
  const segments = posix.split('/');
  for (let depth = 0; depth < segments.length; depth++) {
    const base = segments.slice(0, depth).join('/');
    const content = await readFile(nodePath.join(root, ...segments.slice(0, depth), AGENT_GUARD_IGNORE_FILE_NAME), 'utf8').catch(() => undefined);
    if (content === undefined) continue;
    const local = base ? posix.slice(base.length + 1) : posix;
    if (matchesAny(ignore().add(content), local)) return true;
  }
  return false;
}

/** A file is ignored when it, or any folder above it, matches (as gitignore treats folders). */
function matchesAny(matcher: ReturnType<typeof ignore>, path: string): boolean {
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i++) {
    if (matcher.ignores(`${segments.slice(0, i).join('/')}/`)) return true;
  }
  return matcher.ignores(path);
}
