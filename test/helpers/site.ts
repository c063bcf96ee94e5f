import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Every file under `dir`, relative, sorted, with a hash of its bytes. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const entry of (await readdir(d, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(abs);
      else out[path.relative(dir, abs)] = createHash('sha256').update(await readFile(abs)).digest('hex');
    }
  };
  await walk(dir);
  return out;
}
