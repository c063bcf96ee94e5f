/**
 * A project in a real git repository whose releases are, on the build date
 * LIFECYCLE_TODAY, in every lifecycle state: end of life (1.0), security
 * support only and ending within 30 days (2.0), supported with both end
 * dates counted from the lifecycle policy (3.0), provisional and not
 * released yet (4.0, a branch), and everything TBD (5.0, the main branch:
 * a released version may not leave a date TBD). Its features cover what the downstream formats must carry: a
 * security-supported feature with a variant that is not, one arch not
 * applicable, security support by an external organisation, a feature that
 * is not security supported, and one whose support ended (removed after 2.0).
 * Sign-offs fall due for review within 90 days of the build date.
 */
import { check } from '../../src/cli/commands/check.js';
import { downstreamOf, type Downstream } from '../../src/export/downstream/context.js';
import type { Model } from '../../src/model/resolve.js';
import { feature, projectYml, Repo, ROSTER, signoff, simple } from '../releases/repo.js';

export const LIFECYCLE_TODAY = '2026-06-01';

const RELEASES = `lifecycle: { supported-months: 15, security-supported-months: 36 }
releases:
  - { name: "1.0", ref: v1.0, initial-release: 2023-01-10, supported-until: 2024-01-10, security-support-until: 2025-01-10 }
  - { name: "2.0", ref: v2.0, initial-release: 2024-06-01, supported-until: 2025-06-01, security-support-until: 2026-06-20 }
  - { name: "3.0", ref: v3.0, initial-release: 2025-09-01 }
  - { name: "4.0", ref: staging-4.0, initial-release: 2026-09-15, provisional: true }
  - { name: "5.0", ref: main, initial-release: TBD, supported-until: TBD, security-support-until: TBD }
`;

const EXTRA = `security-organisations:
  - id: qemu
    name: QEMU
    url: https://www.qemu.org/contribute/security-process/
policy:
  signoff-required-for: [Supported]
  review-after-days: 540
`;

/** PVH: Supported on x86 (signed), not applicable on arm; its shadow variant is Experimental. */
const PVH = feature(`title: PVH guests
section: Guest types
status: Supported
arches:
  x86: applies
  arm: not-applicable
variants:
  - name: Shadow paging
    id: shadow
    status: Experimental
known-issues:
  - summary: Shadow paging is not hardened.
    variants: [shadow]
signoffs:
${signoff('Supported', { arch: 'x86' })}`);

/** The device model: Supported, security supported by QEMU. */
const DEVICE_MODEL = feature(`title: Device model
section: Toolstack
status: Supported
security-support: external
security-organisation: qemu
signoffs:
${signoff()}`);

/** Writes the fixture's repository: tags v1.0, v2.0, v3.0, the branch staging-4.0 and main (4.0 and 5.0 are not tagged yet). */
export async function lifecycleRepo(): Promise<Repo> {
  const repo = await Repo.create();
  repo.features({
    'project.yml': projectYml({ releases: RELEASES, extra: EXTRA }),
    'security-team.yml': ROSTER,
    'guests/pvh.md': simple('PVH guests', 'Guest types', 'Tech Preview'),
    'tools/legacy-ctl.md': simple('Legacy control tool', 'Toolstack', 'Supported'),
    'tools/device-model.md': DEVICE_MODEL,
  });
  repo.release('v1.0');
  repo.features({ 'guests/pvh.md': PVH, 'guests/nested.md': simple('Nested virtualisation', 'Guest types', 'Experimental') });
  repo.release('v2.0');
  // 3.0 drops the legacy control tool: its security support ended with 2.0.
  repo.features({ 'tools/legacy-ctl.md': null });
  repo.release('v3.0');
  repo.features({ 'guests/nested.md': simple('Nested virtualisation', 'Guest types', 'Tech Preview') });
  repo.commit('4.0 in preparation');
  repo.branch('staging-4.0');
  return repo;
}

/** The fixture's repository, checked model and downstream view on LIFECYCLE_TODAY. */
export async function lifecycleDownstream(options: { siteUrl?: string } = {}): Promise<{ repo: Repo; model: Model; downstream: Downstream }> {
  const repo = await lifecycleRepo();
  const result = await check({ cwd: repo.dir, today: LIFECYCLE_TODAY });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`the lifecycle fixture does not pass check:\n${errors.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n')}`);
  return { repo, model: result.model, downstream: downstreamOf(result.model, options) };
}
