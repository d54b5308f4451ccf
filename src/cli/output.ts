import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** Writes a file atomically: a temp file beside it, then a rename, so a reader never sees half a report. */
export async function writeFileAtomic(target: string, content: string): Promise<void> {
  const directory = path.dirname(path.resolve(target));
  await mkdir(directory, { recursive: true });
  const temp = path.join(directory, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, content, { mode: 0o644 });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Sends a report to --output or stdout. */
export async function emit(content: string, output: string | undefined): Promise<void> {
  if (output) await writeFileAtomic(output, content);
  else await new Promise<void>((resolve, reject) => process.stdout.write(content, (error) => (error ? reject(error) : resolve())));
}
