// The GitHub Action's step (action.yml at the repository root): in a pull
// request's checkout, `check --base` with annotations, the same findings as
// SARIF for code scanning, and `diff` as the job's step summary. Inputs
// come from the environment the way GitHub passes them (`INPUT_<NAME>`).
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, run, type Io } from './main.js';

/** What the step reads: GitHub's environment, and where it runs. */
export interface ActionEnvironment {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * Runs the step and returns its exit code: `check`'s (1 on an unsigned
 * upgrade or a governance change, 2 on a usage or configuration error).
 *
 * - `INPUT_BASE`: the base commit (required: the action passes the pull
 *   request's base SHA; a name a pushed tag could shadow is refused by
 *   `check --base` itself);
 * - `INPUT_FEATURES`: the features directory (default `features`);
 * - `INPUT_SARIF`: where to write SARIF (default `support-matrix.sarif`;
 *   empty: none);
 * - `INPUT_TODAY`: the date to judge sign-offs on (default: today);
 * - `GITHUB_STEP_SUMMARY`: the file the `diff` markdown is appended to.
 */
export async function runAction(environment: ActionEnvironment): Promise<number> {
  const input = (name: string): string | undefined => {
    const value = environment.env[`INPUT_${name.toUpperCase()}`]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const base = input('base');
  if (base === undefined) {
    environment.stderr('support-matrix action: no `base` input; pass the pull request\'s base commit (`base: ${{ github.event.pull_request.base.sha }}`)\n');
    return EXIT.failure;
  }
  const features = input('features') ?? 'features';
  const today = input('today');
  const dated = today === undefined ? [] : ['--today', today];
  const io = (stdout: (text: string) => void): Io => ({ cwd: environment.cwd, stdout, stderr: environment.stderr, env: environment.env, isTTY: false });

  // The findings as annotations on the pull request's files.
  const code = await run(['check', features, '--base', base, '--format', 'github', ...dated], io(environment.stdout));
  // The same findings for code scanning.
  const sarif = environment.env['INPUT_SARIF'] === '' ? undefined : (input('sarif') ?? 'support-matrix.sarif');
  if (sarif !== undefined) {
    let text = '';
    await run(['check', features, '--base', base, '--format', 'sarif', ...dated], io((chunk) => (text += chunk)));
    if (text !== '') await writeFile(path.resolve(environment.cwd, sarif), text);
  }
  // Every changed cell with its verdict, for the reviewer.
  const summary = environment.env['GITHUB_STEP_SUMMARY'];
  if (summary !== undefined && summary !== '') {
    let text = '';
    await run(['diff', base, '--dir', features, '--format', 'markdown', ...dated], io((chunk) => (text += chunk)));
    await appendFile(summary, text.endsWith('\n') ? text : `${text}\n`);
  }
  return code;
}

// As the action's entry point: `node dist/cli/action.js`.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runAction({ cwd: process.cwd(), env: process.env, stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
}
