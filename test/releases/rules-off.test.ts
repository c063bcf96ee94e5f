import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { TODAY } from '../helpers/corpus.js';
import { projectYml, Repo, ROSTER, simple } from './repo.js';

/**
 * Rules a project may turn off; what keeps the output whole must not depend
 * on them. (`config-consistency` was one, until it was locked for feeding
 * the sign-off verdict.)
 */
const rulesOff = 'rules:\n  release-dates: off\n';

async function repository(releases: string, arches?: string[]): Promise<Repo> {
  const repo = await Repo.create();
  repo.features({ 'project.yml': projectYml({ extra: rulesOff, releases, ...(arches ? { arches } : {}) }), 'security-team.yml': ROSTER, 'guests/pvh.md': simple('PVH', 'Guest types', 'Tech Preview') });
  repo.release('v1.0');
  repo.features({ 'guests/pvh.md': simple('PVH', 'Guest types', 'Experimental') });
  repo.release('v1.1');
  return repo;
}

describe('with release-dates turned off', () => {
  it('still refuses release names that share a path or have none, so one release cannot replace another\'s pages and exports', async () => {
    const repo = await repository('releases:\n  - { name: "1.0", ref: v1.0 }\n  - { name: "1-0", ref: v1.1 }\n  - { name: "--", ref: v1.1 }\n');
    const run = await cli(['check', '--today', TODAY], repo.dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Unexpected release name `1-0`, which gives the same path as `1.0`');
    expect(run.stdout).toContain('Unexpected release name `--` with no letter or digit');
    expect((await cli(['build', '--today', TODAY], repo.dir)).code).toBe(1);
  });

  it('still refuses two architectures with one id, which made the build stop with an internal error', async () => {
    const repo = await repository('', ['x86', 'riscv', 'riscv']);
    const run = await cli(['build', '--today', TODAY], repo.dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Unexpected architecture id `riscv`, which gives the same path as `riscv`');
    expect(run.stderr).not.toContain('internal error');
  });

  it('dates no feed entry by a release date that is no calendar day, instead of stopping with an internal error', async () => {
    const repo = await repository('releases:\n  - { name: "1.0", ref: v1.0, initial-release: 2024-01-01 }\n  - { name: "1.1", ref: v1.1, initial-release: "2024-13-45" }\n');
    for (const format of ['atom', 'jsonfeed']) {
      const run = await cli(['export', '--format', format, '--today', TODAY], repo.dir);
      expect(run.stderr, format).not.toContain('internal error');
      expect(run.code, format).toBe(0);
      expect(run.stdout, format).not.toContain('2024-13-45');
    }
    const built = await cli(['build', '--today', TODAY], repo.dir);
    expect(built.code, built.stderr).toBe(0);
  });
});
