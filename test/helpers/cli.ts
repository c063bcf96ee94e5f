import { cp } from 'node:fs/promises';
import path from 'node:path';
import { run } from '../../src/cli/main.js';

/** Output and exit code of one in-process CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process in `cwd`, capturing output. */
export async function cli(args: string[], cwd: string, env: Record<string, string | undefined> = {}, isTTY = false): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    cwd,
    env,
    isTTY,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

/** The repository root (where the sample `features/` lives). */
export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Copies the sample corpus into `dir/features`. */
export async function copySample(dir: string): Promise<string> {
  const target = path.join(dir, 'features');
  await cp(path.join(repoRoot, 'features'), target, { recursive: true });
  return target;
}
