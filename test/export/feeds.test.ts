import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { TODAY } from '../helpers/corpus.js';
import { projectYml, Repo, ROSTER, simple } from '../releases/repo.js';

const releases = `lifecycle: { supported-months: 12, security-supported-months: 24 }
releases:
  - { name: "1.0", ref: v1.0, initial-release: 2025-02-01 }
  - { name: "1.1", ref: v1.1, initial-release: 2025-08-01 }
`;

async function repository(): Promise<Repo> {
  const repo = await Repo.create();
  repo.features({ 'project.yml': projectYml({ releases }), 'security-team.yml': ROSTER, 'guests/pvh.md': simple('PVH', 'Guest types', 'Tech Preview'), 'tools/ctl.md': simple('Control tool', 'Toolstack', 'Supported') });
  repo.release('v1.0');
  repo.features({ 'guests/pvh.md': simple('PVH', 'Guest types', 'Supported') });
  repo.release('v1.1');
  // Working tree: the control tool is withdrawn to Tech Preview.
  repo.features({ 'tools/ctl.md': simple('Control tool', 'Toolstack', 'Tech Preview') });
  return repo;
}

describe('change feeds', () => {
  it('have one entry per changed cell between consecutive releases and the working tree, with stable ids and release dates', async () => {
    const repo = await repository();
    const run = await cli(['export', '--format', 'jsonfeed', '--today', TODAY, '--site-url', 'https://support.example.org'], repo.dir);
    expect(run.code).toBe(0);
    const feed = JSON.parse(run.stdout) as { version: string; items: Array<{ id: string; title: string; url: string; date_modified: string }> };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.items.map((i) => [i.id, i.date_modified, i.url])).toEqual([
      ['urn:support-matrix:release-test-hypervisor:change:working%20tree:tools%2Fctl:-:arm', '2026-06-01T00:00:00.000Z', 'https://support.example.org/features/tools/ctl/'],
      ['urn:support-matrix:release-test-hypervisor:change:working%20tree:tools%2Fctl:-:x86', '2026-06-01T00:00:00.000Z', 'https://support.example.org/features/tools/ctl/'],
      ['urn:support-matrix:release-test-hypervisor:change:1.1:guests%2Fpvh:-:arm', '2025-08-01T00:00:00.000Z', 'https://support.example.org/features/guests/pvh/'],
      ['urn:support-matrix:release-test-hypervisor:change:1.1:guests%2Fpvh:-:x86', '2025-08-01T00:00:00.000Z', 'https://support.example.org/features/guests/pvh/'],
    ]);
    expect(feed.items[3]?.title).toBe('PVH on x86: Tech Preview, not security supported → Supported, security supported in 1.1');

    const atom = (await cli(['export', '--format', 'atom', '--today', TODAY], repo.dir)).stdout;
    expect(atom.match(/<entry>/g)).toHaveLength(4);
    expect(atom).toContain('<id>urn:support-matrix:release-test-hypervisor:change:1.1:guests%2Fpvh:-:x86</id>');
    expect(atom).toContain('<updated>2026-06-01T00:00:00.000Z</updated>');
    expect(atom).toContain('<title type="text">PVH on x86: Tech Preview, not security supported → Supported, security supported in 1.1</title>');
    // Same input, same bytes.
    expect((await cli(['export', '--format', 'atom', '--today', TODAY], repo.dir)).stdout).toBe(atom);
  });

  it('exports a release read from git with its dates', async () => {
    const repo = await repository();
    const run = await cli(['export', '--release', '1.0', '--format', 'json', '--today', TODAY], repo.dir);
    const doc = JSON.parse(run.stdout) as { release: { name: string; state: string; supportedUntil: string }; features: Array<{ id: string; status: string }> };
    expect(doc.release).toMatchObject({ name: '1.0', supportedUntil: '2026-02-01', state: 'security-supported' });
    expect(doc.features.map((f) => [f.id, f.status])).toEqual([
      ['guests/pvh', 'Tech Preview'],
      ['tools/ctl', 'Supported'],
    ]);
  });
});
