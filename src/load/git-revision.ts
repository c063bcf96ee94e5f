import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** `abc123def456` (plus `+changes` when the features differ from HEAD), or undefined outside git. */
export async function gitRevision(dir: string): Promise<string | undefined> {
  const run = promisify(execFile);
  try {
    const head = (await run('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: dir })).stdout.trim();
    const changes = (await run('git', ['status', '--porcelain', '--', '.'], { cwd: dir })).stdout.trim();
    return changes === '' ? head : `${head}+changes`;
  } catch {
    return undefined;
  }
}
