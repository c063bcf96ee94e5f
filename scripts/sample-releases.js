#!/usr/bin/env node
// The sample corpus with a history: a git repository holding features/ with
// releases 1.0 (tag v1.0) and 2.0 (tag v2.0) listed in project.yml, so the
// README's release examples (`diff v1.0`, `export --release 1.0`, the
// per-release matrices) run as written. Real git; nothing outside `dir`.
//
//   npm run sample:releases -- /tmp/sample     # then: cd /tmp/sample && node <clone>/bin/support-matrix.js diff v1.0
//
// The tests build the same repository (test/helpers/release-sample.ts).
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/** What release 1.0 says differently from the sample as it is (2.0 and the working tree). */
export const RELEASE_1_0 = {
  /** Tech Preview on arm (not security supported) in 1.0, Supported (security supported) now. */
  upgraded: { id: 'guest-types/arm-vm', title: 'Arm virtual machines' },
  /** Not in 1.0 at all. */
  added: { id: 'guest-types/riscv-vm' },
  /** Supported in 1.0 with no sign-off: "not signed off" on its 1.0 cells (Tech Preview now). */
  unsigned: { id: 'pv-drivers/9pfs' },
  /** Supported in 1.0 with no sign-off, exempt by 1.0's own signoff-baseline.yml on x86 (Tech Preview now). */
  exempt: { id: 'toolstack/python-bindings', arch: 'x86' },
  /** In a section of 1.0 that project.yml no longer lists. */
  oldSection: { id: 'debugging/gdbstub', section: 'Old debugging tools' },
};

/**
 * The sample corpus in a new git repository at `dir` (which must be empty
 * or absent), with releases 1.0 (tag v1.0: as {@link RELEASE_1_0} says) and
 * 2.0 (tag v2.0: the sample as it is), both listed in project.yml with their
 * dates.
 */
export async function sampleWithReleases(dir) {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) throw new Error(`${dir} is not empty; give a new or empty directory`);
  const git = (...args) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z', GIT_CONFIG_NOSYSTEM: '1' } });
  const features = path.join(dir, 'features');
  await cp(path.join(root, 'features'), features, { recursive: true });
  git('init', '-q', '-b', 'main');
  for (const [key, value] of [['user.name', 'Release Tester'], ['user.email', 'tester@example.org'], ['commit.gpgsign', 'false'], ['tag.gpgsign', 'false']]) git('config', key, value);
  const armVm = path.join(features, `${RELEASE_1_0.upgraded.id}.md`);
  const riscvVm = path.join(features, `${RELEASE_1_0.added.id}.md`);
  const armText = await readFile(armVm, 'utf8');
  const riscvText = await readFile(riscvVm, 'utf8');
  await writeFile(armVm, armText.replace(/^status: Supported$/m, 'status: Tech Preview'));
  await rm(riscvVm);
  const upgraded = [];
  for (const id of [RELEASE_1_0.unsigned.id, RELEASE_1_0.exempt.id]) {
    const file = path.join(features, `${id}.md`);
    const text = await readFile(file, 'utf8');
    upgraded.push(text);
    await writeFile(file, text.replace(/^status: Tech Preview$/m, 'status: Supported'));
  }
  const moved = path.join(features, `${RELEASE_1_0.oldSection.id}.md`);
  const movedText = await readFile(moved, 'utf8');
  await writeFile(moved, movedText.replace(/^section: .*$/m, `section: ${RELEASE_1_0.oldSection.section}`));
  const baseline = path.join(features, 'signoff-baseline.yml');
  await writeFile(baseline, `exempt:\n  - { feature: ${RELEASE_1_0.exempt.id}, arch: ${RELEASE_1_0.exempt.arch}, status: Supported }\n`);
  git('add', '-A');
  git('commit', '-q', '-m', 'release 1.0');
  git('tag', 'v1.0');
  await writeFile(armVm, armText);
  await writeFile(riscvVm, riscvText);
  for (const [i, id] of [RELEASE_1_0.unsigned.id, RELEASE_1_0.exempt.id].entries()) await writeFile(path.join(features, `${id}.md`), upgraded[i] ?? '');
  await rm(baseline);
  await writeFile(moved, movedText);
  git('add', '-A');
  git('commit', '-q', '-m', 'release 2.0');
  git('tag', 'v2.0');
  const project = path.join(features, 'project.yml');
  await writeFile(
    project,
    `${await readFile(project, 'utf8')}
lifecycle: { supported-months: 18, security-supported-months: 36 }
releases:
  - { name: "1.0", ref: v1.0, initial-release: 2024-01-15 }
  - { name: "2.0", ref: v2.0, initial-release: 2025-06-01 }
`,
  );
  git('add', '-A');
  git('commit', '-q', '-m', 'list the releases');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: npm run sample:releases -- <new or empty directory>\n');
    process.exit(2);
  }
  try {
    await sampleWithReleases(path.resolve(dir));
  } catch (error) {
    process.stderr.write(`sample:releases: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  const bin = path.join(root, 'bin/support-matrix.js');
  process.stdout.write(
    `The sample with releases 1.0 (tag v1.0) and 2.0 (tag v2.0) is in ${dir}. Try, in it:\n\n` +
      `  node ${bin} diff v1.0\n  node ${bin} export --release 1.0 --format support-md\n  node ${bin} build && node ${bin} serve\n`,
  );
}
