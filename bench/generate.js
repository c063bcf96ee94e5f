// Synthetic corpus for `npm run bench`: N realistic feature files (per-arch
// overrides, variants, known issues, sign-offs, limits, 1–3 KB of prose),
// optionally as R tagged releases in a real git repository. Seeded, so every
// run measures the same corpus. Every corpus it writes passes `check`, with
// claim-bound sign-offs signed by the (synthetic, seeded) keys of the roster
// and `require-signed-signoffs: true`, so `check` verifies every signature.
// For the legacy-release bench it also derives R classic SUPPORT.md
// statements from the vendored Xen ones, written only into the temporary
// repository it creates, and migrates that repository with `import`.
// Uses the built package (dist/): `npm run bench` and `npm test` build it first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newFeature } from '../dist/cli/commands/new.js';
import { loadFeature } from '../dist/load/corpus.js';
import { toProject } from '../dist/load/project.js';
import { parseSource } from '../dist/load/source.js';
import { resolveCells } from '../dist/model/cells.js';
import { claimNow, SIGNATURE_NAMESPACE } from '../dist/model/claims.js';
import { ed25519FromSeed, signEd25519 } from '../dist/signature/sshsig.js';

/** mulberry32: a tiny seeded PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SECTIONS = ['Host architecture', 'Host hardware', 'Host hardware/IOMMU', 'Guest types', 'Toolstack', 'Memory', 'Scheduling', 'Virtual devices', 'Migration', 'Security', 'Debugging', 'Emulated platform'];
const ARCHES = ['x86', 'arm', 'riscv'];
const MEMBERS = ['alice', 'bob', 'carol', 'dave'];
const WORDS = 'guest host page table vcpu domain event channel grant mapping interrupt timer device model backend frontend ring buffer hypercall scheduler pool credit migration snapshot memory balloon iommu passthrough firmware boot console trace policy'.split(' ');

function sentence(rand, n) {
  const words = Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]);
  return words.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
}

function prose(rand, title) {
  const para = () => Array.from({ length: 3 + Math.floor(rand() * 3) }, () => sentence(rand, 8 + Math.floor(rand() * 8))).join(' ');
  const parts = [
    `## Overview\n\n${title} ${para()}`,
    `## User details\n\n- Enable it with \`${title.toLowerCase().replace(/\W+/g, '-')}=on\`.\n- ${sentence(rand, 9)}\n- ${sentence(rand, 7)}\n\n\`\`\`sh\nkestrelctl set ${WORDS[Math.floor(rand() * WORDS.length)]} on\n\`\`\``,
    `## Technical details\n\n${para()}\n\n| Setting | Default | Range |\n|---|---|---|\n| depth | 4 | 1–16 |\n| budget | 256 | 1–4096 |`,
    `## Limitations\n\n${para()}`,
    `## Testing\n\n${para()} See the [test plan](https://git.example.org/kestrel/tests/${Math.floor(rand() * 1000)}).`,
  ];
  const count = 3 + Math.floor(rand() * 3);
  return parts.slice(0, count).join('\n\n') + '\n';
}

/** Each member's synthetic key: seeded, so the corpus is the same on every run. */
const KEYS = new Map(MEMBERS.map((m, i) => [m, ed25519FromSeed(Buffer.alloc(32, i + 1), `${m}@bench SYNTHETIC TEST KEY`)]));

function signoff(status, scope, date) {
  return { by: MEMBERS[scope.length % MEMBERS.length], date, status, ...(scope.length > 0 ? { variant: 'control' } : {}), ref: `https://lists.example.org/security/${date}` };
}

let project;
/** The bench project, loaded once (the claims need its arches and vocabulary). */
function benchProject() {
  if (!project) {
    const source = parseSource('project', 'project.yml', Buffer.from(PROJECT));
    project = toProject(source.value, 'project.yml', source.map);
  }
  return project;
}

/** The sign-off entries as `support-matrix signoff --key` writes them: claim over the cells as they read, and its signature. */
function signed(text, id, entries) {
  const loaded = loadFeature(`${id}.md`, `${id}.md`, Buffer.from(text)).feature;
  const cells = resolveCells({ ...loaded, id }, benchProject());
  const lines = ['signoffs:'];
  for (const entry of entries) {
    const claim = claimNow(entry, { ...loaded, id }, cells);
    const arches = claim.arches;
    const signature = signEd25519(KEYS.get(entry.by).privateKey, claim.text, SIGNATURE_NAMESPACE);
    lines.push(
      `  - by: ${entry.by}`,
      `    date: ${entry.date}`,
      `    status: ${entry.status}`,
      ...(entry.variant ? [`    variant: ${entry.variant}`] : []),
      `    ref: ${entry.ref}`,
      '    claim:',
      `      sha256: ${claim.sha256}`,
      '      cells:',
      ...Object.entries(claim.stored.cells).map(([arch, digest]) => `        ${arch}: ${digest}`),
      '    signature: |',
      ...signature.trim().split('\n').map((l) => `      ${l}`),
    );
  }
  return lines;
}

/** One feature file with id `id`; `bump` moves its status one step up (for releases). */
export function feature(index, bump = 0, id = `f${index}`) {
  const rand = prng(index * 7919 + 17);
  const statuses = ['Experimental', 'Tech Preview', 'Supported'];
  const level = Math.min(2, Math.floor(rand() * 3) + bump);
  const status = statuses[level];
  const title = `Feature ${index} ${WORDS[index % WORDS.length]} ${WORDS[(index * 7) % WORDS.length]}`;
  const section = SECTIONS[index % SECTIONS.length];
  const lines = [`title: ${title}`, `section: ${section}`, `summary: ${sentence(rand, 10)}`, `status: ${status}`];
  const signoffs = [];
  const date = `2025-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 27)).padStart(2, '0')}`;
  if (status === 'Supported') signoffs.push(signoff('Supported', [], date));
  // Per-arch overrides: riscv lags behind (and so has a known issue below).
  const lagging = rand() < 0.5;
  if (lagging) {
    lines.push('arches:', '  x86: applies', '  arm: applies', '  riscv:', '    status: Experimental');
  }
  if (rand() < 0.3) {
    lines.push('variants:', '  - name: Control domain', '    id: control', `    status: ${status}`, '    security-support: with-caveats', '    caveat: Only without passed-through devices.', '    arches: [x86]');
    if (status === 'Supported') signoffs.push(signoff('Supported', ['variant: control'], date));
  }
  if (rand() < 0.1) lines.push('limits:', `  - { name: Memory, value: ${1 << (4 + (index % 6))}, unit: GiB, bounds: support, arch: x86 }`);
  if (status !== 'Supported' || lagging || rand() < 0.4) {
    lines.push('known-issues:', `  - summary: ${sentence(rand, 9)}`, `    advisory: KSA-${100 + (index % 900)}`, '    effect: caveat');
  }
  const body = prose(rand, title);
  if (signoffs.length > 0) lines.push(...signed(`---\n${lines.join('\n')}\n---\n`, id, signoffs));
  return `---\n${lines.join('\n')}\n---\n\n${body}`;
}

export const PROJECT = `name: Kestrel Bench
architectures: [{ id: x86, name: x86-64 }, { id: arm, name: Arm }, { id: riscv, name: RISC-V }]
sections: [${SECTIONS.map((s) => JSON.stringify(s)).join(', ')}]
advisories: [{ prefix: KSA }]
policy: { require-signed-signoffs: true }
`;

export const ROSTER = `members:\n${MEMBERS.map((m) => `  - { id: ${m}, name: ${m}, active-from: 2020-01-01, keys: ["${KEYS.get(m).publicLine}"] }`).join('\n')}\n`;

/** Writes N features under `dir/features`; returns the features directory. */
export function generate(dir, n, { releases = '', bump = () => 0 } = {}) {
  const features = path.join(dir, 'features');
  mkdirSync(features, { recursive: true });
  writeFileSync(path.join(features, 'project.yml'), PROJECT + releases);
  writeFileSync(path.join(features, 'security-team.yml'), ROSTER);
  for (let i = 0; i < n; i++) {
    const slug = SECTIONS[i % SECTIONS.length].toLowerCase().replace(/\W+/g, '-');
    const folder = path.join(features, slug);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `f${i}.md`), feature(i, bump(i), `${slug}/f${i}`));
  }
  return features;
}

/** A new git repository at `dir` for a bench corpus, unsigned commits and tags; returns its `git` runner. */
function benchRepo(dir) {
  const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  mkdirSync(dir, { recursive: true });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'bench@example.org');
  git('config', 'user.name', 'bench');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'tag.gpgsign', 'false');
  return git;
}

/** A git repository with R tagged releases of N features; a few percent move up a status each release. */
export function generateRepo(dir, n, r) {
  const git = benchRepo(dir);
  const list = Array.from({ length: r }, (_, k) => `  - { name: "1.${k}", ref: v1.${k}, initial-release: 2024-${String(1 + k).padStart(2, '0')}-01 }`).join('\n');
  const releases = `lifecycle: { supported-months: 24, security-supported-months: 48 }\nreleases:\n${list}\n`;
  for (let k = 0; k < r; k++) {
    // 3% of features, a different slice each release, move one status up.
    generate(dir, n, { releases, bump: (i) => (((i * 31 + k * 7) % 100) < 3 * k ? 1 : 0) });
    git('add', '-A');
    git('commit', '-q', '-m', `release 1.${k}`);
    git('tag', `v1.${k}`);
  }
  return path.join(dir, 'features');
}

// A status line of a classic SUPPORT.md: `Status[, qualifier]: value`, or status first (`Supported, x86: bzImage`).
const STATUS_LINE = /^ {4}(?:Status(?:, [^:]+)?: |(?:Supported|Tech Preview|Experimental|Deprecated), )/;
const PROMOTE = [
  [/^( {4}Status(?:, [^:]+)?: )Experimental\b/, '$1Tech Preview'],
  [/^( {4}Status(?:, [^:]+)?: )Tech Preview\b/, '$1Supported'],
];

/** Adds `months` to a YYYY-MM-DD date (day kept; the bench dates use days ≤ 28). */
function addMonths(date, months) {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The classic statement of legacy release `k`, derived from `text`: its own
 * version and dates in the `Release Support` block, a few status lines
 * dropped, a few promoted a status, and one feature of its own added (a
 * synthetic heading, no source prose), so no two releases read the same.
 */
export function legacyStatement(text, k, release) {
  const rand = prng(1_000 + k);
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^# Feature Support/i.test(l));
  const end = lines.findIndex((l) => /^# Format and definitions/i.test(l));
  const statusAt = lines.map((l, i) => (i > start && i < end && STATUS_LINE.test(l) ? i : -1)).filter((i) => i >= 0);
  const pick = (n) => {
    const chosen = new Set();
    while (chosen.size < n) chosen.add(statusAt[Math.floor(rand() * statusAt.length)]);
    return chosen;
  };
  const dropped = pick(2 + Math.floor(rand() * 3));
  const promoted = [...pick(6)].filter((i) => !dropped.has(i));
  for (const i of promoted) {
    const promotion = PROMOTE.find(([from]) => from.test(lines[i]));
    if (promotion) lines[i] = lines[i].replace(...promotion);
  }
  const block = {
    'Xen-Version': release.name,
    'Initial-Release': release['initial-release'],
    'Supported-Until': release['supported-until'],
    'Security-Support-Until': release['security-support-until'],
  };
  const out = [];
  lines.forEach((line, i) => {
    if (dropped.has(i)) return;
    if (i === end) out.push(`### Bench feature added in ${release.name}`, '', `    Status: ${k % 2 === 0 ? 'Experimental' : 'Tech Preview'}`, '');
    const key = /^ {4}([A-Za-z-]+): /.exec(line)?.[1];
    out.push(i < start && key !== undefined && key in block ? `    ${key}: ${block[key]}` : line);
  });
  return out.join('\n');
}

/**
 * A real git repository of a project that published R releases as a classic
 * SUPPORT.md and then migrated: R tags (`RELEASE-1.<k>.0`), each holding a
 * statement derived from `sources` (oldest first; each serves an equal run of
 * releases, in order), then a migration commit whose features/ is `import
 * support-md` of `newest`, with the R releases listed as legacy releases
 * (`format: support-md`). Returns the legacy releases as listed.
 */
export async function generateLegacyRepo(dir, sources, newest, r, today) {
  const { importSupportMdFile } = await import('../dist/cli/commands/import.js');
  const { parse, stringify } = await import('yaml');
  const git = benchRepo(dir);
  const releases = [];
  for (let k = 0; k < r; k++) {
    // A release every six months from 2018; support for 18 months, security support for 36.
    const initial = addMonths('2018-01-15', 6 * k);
    const release = { name: `1.${k}`, ref: `RELEASE-1.${k}.0`, format: 'support-md', path: 'SUPPORT.md', 'initial-release': initial, 'supported-until': addMonths(initial, 18), 'security-support-until': addMonths(initial, 36) };
    const source = readFileSync(sources[Math.floor((k * sources.length) / r)], 'utf8');
    writeFileSync(path.join(dir, 'SUPPORT.md'), legacyStatement(source, k, release));
    git('add', '-A');
    git('commit', '-q', '-m', `release ${release.name}`);
    git('tag', release.ref);
    releases.push(release);
  }
  // The migration: the newest statement imported into features/, the tagged releases listed as legacy. The
  // import's own release entry (the development head, not a release) is replaced by them.
  writeFileSync(path.join(dir, 'SUPPORT.md'), readFileSync(newest, 'utf8'));
  await importSupportMdFile({ cwd: dir, file: 'SUPPORT.md', out: 'features', today });
  const projectFile = path.join(dir, 'features', 'project.yml');
  const project = parse(readFileSync(projectFile, 'utf8'));
  project.releases = releases;
  writeFileSync(projectFile, stringify(project, { version: '1.1', lineWidth: 0 }));
  git('add', '-A');
  git('commit', '-q', '-m', 'migrate to support-matrix');
  return releases;
}

/**
 * Writes N copies of the scaffold `new` writes (each with its own id and
 * title) under `dir/features`, the bench project beside them: a corpus in
 * which every file has a finding (`upgrade-blockers`: an Experimental
 * feature with no known issue and no proposal). Returns the features directory.
 */
export async function generateScaffolds(dir, n) {
  const features = path.join(dir, 'features');
  mkdirSync(features, { recursive: true });
  writeFileSync(path.join(features, 'project.yml'), PROJECT);
  writeFileSync(path.join(features, 'security-team.yml'), ROSTER);
  const template = await newFeature({ cwd: dir, id: 'scaffold/template', title: 'Scaffold template' });
  const text = readFileSync(template, 'utf8');
  for (let i = 0; i < n; i++) {
    const slug = SECTIONS[i % SECTIONS.length].toLowerCase().replace(/\W+/g, '-');
    mkdirSync(path.join(features, slug), { recursive: true });
    writeFileSync(path.join(features, slug, `s${i}.md`), text.replaceAll('Scaffold template', `Scaffold ${i}`));
  }
  rmSync(path.dirname(template), { recursive: true });
  return features;
}
