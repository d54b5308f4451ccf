import { writeFileAtomic } from '../core/fs/atomicWrite';

export { writeFileAtomic };

/** Sends a report to --output (written atomically) or stdout. */
export async function emit(content: string, output: string | undefined): Promise<void> {
  if (output) await writeFileAtomic(output, content);
  else await new Promise<void>((resolve, reject) => process.stdout.write(content, (error) => (error ? reject(error) : resolve())));
}
