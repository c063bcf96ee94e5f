import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { IMPORT_MANIFEST, IMPORT_REPORT, importSupportMdFile, KEPT_REASONS } from '../../src/cli/commands/import.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

// Issue 11, item 2: `import support-md X --out dest --force` used to delete
// every `*.md` under dest (README.md, docs, node_modules/**) before writing.
// These tests put real files next to an import and check that a re-import
// replaces only what the earlier import wrote and nobody changed since.

const fixture = path.join(repoRoot, 'test/fixtures/support-md/SUPPORT.md');

/** Statement 3.2: the fixture as it is. */
const STATEMENT_A = 'SUPPORT-3.2.md';
/** Statement 3.3: the fixture with features changed, dropped and added (see {@link editStatement}). */
const STATEMENT_B = 'SUPPORT-3.3.md';

/** Feature files an import of statement 3.2 writes. */
const FEATURES_A = [
  'devices/emulated-disks.md',
  'devices/serial-consoles.md',
  'guests/pv-guests.md',
  'guests/pv-shim.md',
  'guests/time-travel.md',
  'host/arm-v9.md',
  'host/physical-memory.md',
  'host/x86-nested-paging.md',
];
/** Feature files an import of statement 3.3 writes. */
const FEATURES_B = ['guests/balloon-driver.md', 'guests/pv-guests.md', 'guests/pv-shim.md', 'host/arm-v9.md', 'host/x86-nested-paging.md'];
/** The other files every import writes. */
const OTHER_IMPORTED = ['import-report.txt', 'project.yml', 'security-team.yml', 'signoff-baseline.yml'];

/**
 * Statement 3.3: a new release; x86 nested paging, ARM v9 and PV guests
 * change status; physical memory, the Devices section and time travel are
 * gone; a balloon driver is new.
 */
function editStatement(text: string): string {
  const edits: Array<[string, string]> = [
    ['Kestrel-Version: 3.2', 'Kestrel-Version: 3.3'],
    ['Initial-Release: 2025-04-01', 'Initial-Release: 2025-10-01'],
    ['Hardware-assisted second-level translation.\n\n    Status: Supported\n', 'Hardware-assisted second-level translation.\n\n    Status: Tech Preview\n'],
    ['Status, Kestrel in EL1 (guest only): Experimental', 'Status, Kestrel in EL1 (guest only): Tech Preview'],
    ['### Physical memory\n\n    Status, x86: Supported up to 64 GiB. More memory is supported, but not security supported.\n    Status, ARM: Supported up to 16 GiB\n\n', ''],
    [text.slice(text.indexOf('## Devices\n'), text.indexOf('## Guests\n')), ''],
    ['    Status: Supported, with caveats\n', '    Status: Supported\n'],
    ['### Time travel\n\n    Status: Maybe someday\n', '### Balloon driver\n\n    Status: Experimental\n'],
  ];
  let edited = text;
  for (const [from, to] of edits) {
    // Every edit must apply, or the second statement silently equals the first.
    if (from === '' || edited.split(from).length !== 2) throw new Error(`fixture changed: cannot edit ${JSON.stringify(from.slice(0, 40))}`);
    edited = edited.replace(from, to);
  }
  return edited;
}

/** A working directory with both statements; the import goes to `features/`. */
async function workspace(): Promise<{ dir: string; out: string }> {
  const dir = await tempDir();
  const text = await readFile(fixture, 'utf8');
  await writeFile(path.join(dir, STATEMENT_A), text);
  await writeFile(path.join(dir, STATEMENT_B), editStatement(text));
  return { dir, out: path.join(dir, 'features') };
}

/** `support-matrix import support-md <statement> --out features [--force]`, in-process. */
async function importCli(dir: string, statement: string, force: boolean): ReturnType<typeof cli> {
  return cli(['import', 'support-md', statement, '--out', 'features', '--today', TODAY, ...(force ? ['--force'] : [])], dir);
}

/** The same, through the command function, for the structured result. */
async function importApi(dir: string, statement: string, force: boolean): ReturnType<typeof importSupportMdFile> {
  return importSupportMdFile({ cwd: dir, file: statement, out: 'features', today: TODAY, ...(force ? { force: true } : {}) });
}

/**
 * Every entry under `root`, hidden ones included, without following links:
 * path → `file <content>`, `dir` or `link -> <target>`.
 */
async function snapshot(root: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(root, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const abs = path.join(root, child);
      if (entry.isSymbolicLink()) found[child] = `link -> ${await readlink(abs)}`;
      else if (entry.isDirectory()) {
        found[child] = 'dir';
        await walk(child);
      } else found[child] = `file ${await readFile(abs, 'utf8')}`;
    }
  };
  await walk('');
  return found;
}

/** The entries of `snap` at the given paths (a missing one shows as `undefined`). */
function pick(snap: Record<string, string>, paths: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(paths.map((p) => [p, snap[p]]));
}

/** Entries of `snap` outside the `features/` directory. */
function outsideFeatures(snap: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(snap).filter(([p]) => p !== 'features' && !p.startsWith('features/')));
}

async function readManifest(out: string): Promise<Record<string, string>> {
  const manifest = JSON.parse(await readFile(path.join(out, IMPORT_MANIFEST), 'utf8')) as { files: Record<string, string> };
  return manifest.files;
}

async function writeManifest(out: string, files: Record<string, string>): Promise<void> {
  const manifest = JSON.parse(await readFile(path.join(out, IMPORT_MANIFEST), 'utf8')) as { files: Record<string, string> };
  await writeFile(path.join(out, IMPORT_MANIFEST), `${JSON.stringify({ ...manifest, files }, null, 2)}\n`);
}

function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/** Files a user keeps in the features directory next to an import: none is the import's. */
const USER_FILES: Record<string, string> = {
  'README.md': '# Our features\n\nEdit these by hand; see CONTRIBUTING.\n',
  'docs/guide.md': '# Guide\n\nHow we decide a status.\n',
  'node_modules/pkg/readme.md': '# pkg\n',
  'notes.txt': 'remember to ask the security team\n',
  '.editorconfig': 'root = true\n',
  '.cache/page.md': '# cached\n',
};

async function addUserFiles(out: string): Promise<void> {
  for (const [rel, text] of Object.entries(USER_FILES)) {
    await mkdir(path.dirname(path.join(out, rel)), { recursive: true });
    await writeFile(path.join(out, rel), text);
  }
}

/** The frontmatter of a snapshot entry (`file <text>`), parsed. */
function frontmatterOf(entry: string): Record<string, unknown> {
  const text = entry.replace(/^file /, '');
  const end = text.indexOf('\n---\n', 4);
  return parse(text.slice(4, end + 1)) as Record<string, unknown>;
}

/** Adds `aliases:` to a feature's frontmatter, as a maintainer renaming it would. */
async function addAlias(out: string, rel: string, alias: string): Promise<string> {
  const file = path.join(out, rel);
  const text = await readFile(file, 'utf8');
  expect(text.startsWith('---\n')).toBe(true);
  const edited = text.replace('---\n', `---\naliases:\n  - ${alias}\n`);
  await writeFile(file, edited);
  return edited;
}

describe('import support-md into a directory that holds other files', () => {
  it('with --force, leaves README.md, docs, node_modules, hidden and other files byte-identical and names them', async () => {
    const { dir, out } = await workspace();
    expect((await importCli(dir, STATEMENT_A, false)).code).not.toBe(2);
    await addUserFiles(out);
    const before = await snapshot(out);

    const run = await importCli(dir, STATEMENT_B, true);
    expect(run.code).not.toBe(2);
    const after = await snapshot(out);
    expect(pick(after, [...Object.keys(USER_FILES), 'docs', 'node_modules', 'node_modules/pkg', '.cache'])).toEqual(
      pick(before, [...Object.keys(USER_FILES), 'docs', 'node_modules', 'node_modules/pkg', '.cache']),
    );
    // Every entry that was there and is not the earlier import's is still there, as it was.
    const imported = new Set([...FEATURES_A, ...OTHER_IMPORTED, IMPORT_MANIFEST, 'devices', 'guests', 'host']);
    for (const [rel, entry] of Object.entries(before)) if (!imported.has(rel)) expect([rel, after[rel]]).toEqual([rel, entry]);
    expect(run.stderr).toContain(`support-matrix: warning: left alone in features (not written by an import): .cache/, .editorconfig, README.md, docs/guide.md, node_modules/, notes.txt\n`);
    expect(run.stderr).not.toContain('warning: kept');
  });

  it('re-importing the same statement with --force changes no byte in the directory', async () => {
    const { dir, out } = await workspace();
    await importApi(dir, STATEMENT_A, false);
    await addUserFiles(out);
    const before = await snapshot(out);
    const result = await importApi(dir, STATEMENT_A, true);
    expect(await snapshot(out)).toEqual(before);
    expect(result.kept).toEqual([]);
    expect(result.removed).toEqual([]);
    expect(result.untouched).toEqual(['.cache/', '.editorconfig', 'README.md', 'docs/guide.md', 'node_modules/', 'notes.txt']);
  });

  it('without --force, refuses a non-empty --out with exit 2 and changes nothing', async () => {
    const { dir, out } = await workspace();
    await importApi(dir, STATEMENT_A, false);
    await addUserFiles(out);
    const before = await snapshot(dir);
    const run = await importCli(dir, STATEMENT_B, false);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^support-matrix: Refusing --out features: it is not empty; pass --force /);
    expect(run.stdout).toBe('');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('without --force, refuses a directory holding only a README.md, and a hidden file alone', async () => {
    const { dir, out } = await workspace();
    await mkdir(out);
    await writeFile(path.join(out, 'README.md'), USER_FILES['README.md'] ?? '');
    const run = await importCli(dir, STATEMENT_A, false);
    expect(run.code).toBe(2);
    expect(await snapshot(out)).toEqual({ 'README.md': `file ${USER_FILES['README.md']}` });

    await rm(path.join(out, 'README.md'));
    await writeFile(path.join(out, '.keep'), '');
    expect((await importCli(dir, STATEMENT_A, false)).code).toBe(2);
    expect(await snapshot(out)).toEqual({ '.keep': 'file ' });
  });

  it('refuses an --out that is a file, with or without --force, and leaves the file alone', async () => {
    const { dir, out } = await workspace();
    await writeFile(out, 'not a directory\n');
    for (const force of [false, true]) {
      const run = await importCli(dir, STATEMENT_A, force);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('support-matrix: Refusing --out features: it is not a directory');
      expect(await readFile(out, 'utf8')).toBe('not a directory\n');
    }
  });
});

describe('import support-md --force over an earlier import', () => {
  it('merges the statement into hand-edited features (their aliases stay), updates unchanged ones, removes dropped ones only if unchanged', async () => {
    const { dir, out } = await workspace();
    await importApi(dir, STATEMENT_A, false);
    const armV9 = await addAlias(out, 'host/arm-v9.md', 'host/armv9');
    const memory = await addAlias(out, 'host/physical-memory.md', 'host/ram');
    const before = await snapshot(out);

    // What the new statement alone produces, to compare the updated files with.
    const fresh = await tempDir();
    await writeFile(path.join(fresh, STATEMENT_B), await readFile(path.join(dir, STATEMENT_B)));
    await importApi(fresh, STATEMENT_B, false);
    const expected = await snapshot(path.join(fresh, 'features'));

    const run = await importCli(dir, STATEMENT_B, true);
    expect(run.code).not.toBe(2);
    const after = await snapshot(out);

    // Edited and still in the statement: merged. The hand-added alias stays, every key the statement states is the new statement's.
    const armAfter = frontmatterOf(after['host/arm-v9.md'] ?? '');
    expect(armAfter['aliases']).toEqual(['host/armv9']);
    const { aliases: _alias, ...armStated } = armAfter;
    expect(armStated).toEqual(frontmatterOf(expected['host/arm-v9.md'] ?? ''));
    expect(after['host/arm-v9.md']).not.toBe(`file ${armV9}`);
    expect(run.stderr).not.toContain('kept features/host/arm-v9.md');
    const report = await readFile(path.join(out, IMPORT_REPORT), 'utf8');
    // Each change the merge made, by file and field, with the value before and after.
    expect(report).toContain('host/arm-v9.md  merged  variants[Kestrel in EL1 (guest only)].arches: {"arm":{"status":"Experimental"}} → {"arm":{"status":"Tech Preview"}}\n');
    // Edited and gone from the statement: byte-identical, named as kept.
    expect(after['host/physical-memory.md']).toBe(`file ${memory}`);
    expect(run.stderr).toContain(`support-matrix: warning: kept features/host/physical-memory.md: ${KEPT_REASONS.edited}\n`);
    expect(report).toContain(`host/physical-memory.md  kept  ${KEPT_REASONS.edited}\n`);

    // Unchanged: now as the new statement says; new: written.
    for (const rel of ['host/x86-nested-paging.md', 'guests/pv-guests.md', 'guests/pv-shim.md', 'guests/balloon-driver.md']) {
      expect([rel, after[rel]]).toEqual([rel, expected[rel]]);
    }
    expect(after['host/x86-nested-paging.md']).not.toBe(before['host/x86-nested-paging.md']);
    expect(after['host/x86-nested-paging.md']).toContain('status: Tech Preview');
    expect(after['guests/pv-guests.md']).not.toBe(before['guests/pv-guests.md']);

    // Dropped and unchanged: removed, and the emptied directory with them.
    for (const rel of ['devices/emulated-disks.md', 'devices/serial-consoles.md', 'guests/time-travel.md', 'devices']) expect([rel, after[rel]]).toEqual([rel, undefined]);
    expect(run.stdout).toContain('Removed 3 files of the earlier import that the statement no longer has: devices/emulated-disks.md, devices/serial-consoles.md, guests/time-travel.md\n');

    // The manifest lists exactly the files this import wrote, with their hashes: not the one it merged into, which holds hand edits
    // (so no later import replaces or removes it), but with what the statement said for it, the base of the next merge.
    const manifest = await readManifest(out);
    expect(Object.keys(manifest)).toEqual(['guests/balloon-driver.md', 'guests/pv-guests.md', 'guests/pv-shim.md', 'host/x86-nested-paging.md', 'import-report.txt', 'project.yml', 'security-team.yml', 'signoff-baseline.yml']);
    const recorded = (JSON.parse(await readFile(path.join(out, IMPORT_MANIFEST), 'utf8')) as { imported: Record<string, { data: unknown }> }).imported;
    expect(recorded['host/arm-v9.md']?.data).toEqual(frontmatterOf(expected['host/arm-v9.md'] ?? ''));
    for (const [rel, hash] of Object.entries(manifest)) expect([rel, sha256(await readFile(path.join(out, rel)))]).toEqual([rel, hash]);
  });

  it('keeps the hand-added fields of a feature through any number of later imports', async () => {
    const { dir, out } = await workspace();
    await importApi(dir, STATEMENT_A, false);
    await addAlias(out, 'host/arm-v9.md', 'host/armv9');
    const second = await importApi(dir, STATEMENT_B, true);
    expect(second.merged.map((m) => m.path)).toContain('host/arm-v9.md');
    const third = await importApi(dir, STATEMENT_A, true);
    expect(third.kept).toEqual([]);
    const arm = frontmatterOf(`file ${await readFile(path.join(out, 'host/arm-v9.md'), 'utf8')}`);
    expect(arm['aliases']).toEqual(['host/armv9']);
    // Back to what 3.2 says.
    expect(JSON.stringify(arm['variants'])).toContain('"Experimental"');
    // Dropped by 3.3 and back in 3.2: written again where nothing is.
    expect(await exists(path.join(out, 'guests/time-travel.md'))).toBe(true);
    expect(third.removed).toEqual(['guests/balloon-driver.md']);
  });

  it('keeps the roster the security team edited, and a hand-shrunk sign-off baseline', async () => {
    const { dir, out } = await workspace();
    await importApi(dir, STATEMENT_A, false);
    const roster = '# The security team.\nmembers:\n  - id: alice\n    name: Alice Example\n    active-from: 2020-01-01\n';
    await writeFile(path.join(out, 'security-team.yml'), roster);
    const baselineFile = path.join(out, 'signoff-baseline.yml');
    const generated = await readFile(baselineFile, 'utf8');
    const entries = (parse(generated) as { exempt: unknown[] }).exempt;
    expect(entries.length).toBeGreaterThan(1);
    // Drop the first entry (up to the next one), as after a sign-off.
    const lines = generated.split('\n');
    const first = lines.indexOf('exempt:') + 1;
    const second = lines.findIndex((l, i) => i > first && l.startsWith('  - '));
    const shrunk = [...lines.slice(0, first), ...lines.slice(second)].join('\n');
    expect((parse(shrunk) as { exempt: unknown[] }).exempt).toEqual(entries.slice(1));
    await writeFile(baselineFile, shrunk);

    const run = await importCli(dir, STATEMENT_B, true);
    expect(run.code).not.toBe(2);
    expect(await readFile(path.join(out, 'security-team.yml'), 'utf8')).toBe(roster);
    expect(await readFile(baselineFile, 'utf8')).toBe(shrunk);
    expect(run.stderr).toContain(`support-matrix: warning: kept features/signoff-baseline.yml: ${KEPT_REASONS.edited}\n`);
    // The roster is the team's to edit: neither replaced nor warned about.
    expect(run.stderr).not.toContain('security-team.yml');
    expect(run.stdout).not.toContain('security-team.yml');
    const manifest = await readManifest(out);
    expect(manifest['security-team.yml']).toBeUndefined();
    expect(manifest['signoff-baseline.yml']).toBeUndefined();

    // And again, with nothing in the manifest: still neither replaced nor removed.
    const again = await importApi(dir, STATEMENT_A, true);
    expect(await readFile(path.join(out, 'security-team.yml'), 'utf8')).toBe(roster);
    expect(await readFile(baselineFile, 'utf8')).toBe(shrunk);
    expect(again.kept).toContainEqual({ path: 'signoff-baseline.yml', reason: 'not-imported' });
    expect(again.removed).not.toContain('security-team.yml');
  });

  it('writes the roster again only where it is missing', async () => {
    const { dir, out } = await workspace();
    await importApi(dir, STATEMENT_A, false);
    const generated = await readFile(path.join(out, 'security-team.yml'), 'utf8');
    await rm(path.join(out, 'security-team.yml'));
    await importApi(dir, STATEMENT_B, true);
    expect(await readFile(path.join(out, 'security-team.yml'), 'utf8')).toBe(generated);
  });

  it('imports release after release into one directory: project.yml lists both, the manifest follows', async () => {
    const { dir, out } = await workspace();
    expect((await importCli(dir, STATEMENT_A, false)).code).not.toBe(2);
    const first = await readManifest(out);
    const run = await importCli(dir, STATEMENT_B, true);
    expect(run.code).not.toBe(2);
    expect(run.stderr).not.toContain('warning');

    const projectText = await readFile(path.join(out, 'project.yml'), 'utf8');
    const project = parse(projectText) as { releases: Array<{ name: string; 'initial-release': string }> };
    expect(project.releases.map((r) => [r.name, r['initial-release']])).toEqual([
      ['3.2', '2025-04-01'],
      ['3.3', '2025-10-01'],
    ]);
    const manifest = await readManifest(out);
    expect(manifest['project.yml']).toBe(sha256(projectText));
    expect(manifest['project.yml']).not.toBe(first['project.yml']);
    expect(manifest['guests/balloon-driver.md']).toBe(sha256(await readFile(path.join(out, 'guests/balloon-driver.md'))));
    expect(manifest['guests/time-travel.md']).toBeUndefined();
    expect(await exists(path.join(out, 'guests/time-travel.md'))).toBe(false);

    // The corpus written by the two imports passes check.
    const check = await cli(['check', 'features', '--today', TODAY], dir);
    expect(check.stdout).toContain('(0 errors,');
    expect(check.code).toBe(0);
  });
});

describe('import support-md --force with a manifest it cannot trust', () => {
  it('never removes or writes anything outside --out, whatever the manifest lists', async () => {
    const { dir, out } = await workspace();
    const elsewhere = await tempDir();
    await importApi(dir, STATEMENT_A, false);
    await writeFile(path.join(out, 'README.md'), USER_FILES['README.md'] ?? '');
    await writeFile(path.join(dir, 'outside.txt'), 'outside\n');
    await writeFile(path.join(dir, 'x'), 'x\n');
    const absolute = path.join(elsewhere, 'hostname');
    await writeFile(absolute, 'kestrel-build-01\n');
    const hashOf = async (file: string): Promise<string> => sha256(await readFile(file));
    await writeManifest(out, {
      ...(await readManifest(out)),
      '../outside.txt': await hashOf(path.join(dir, 'outside.txt')),
      'a/../../x': await hashOf(path.join(dir, 'x')),
      // An absolute path with the real hash of a file we may lose; /etc/hostname
      // itself with a hash it cannot have, so no bug here can touch the machine.
      [absolute]: await hashOf(absolute),
      '/etc/hostname': '0'.repeat(64),
      'guests\\..\\..\\outside.txt': await hashOf(path.join(dir, 'outside.txt')),
      'README.md': await hashOf(path.join(out, 'README.md')),
    });
    const beforeDir = outsideFeatures(await snapshot(dir));
    const beforeElsewhere = await snapshot(elsewhere);
    expect(beforeDir['outside.txt']).toBe('file outside\n');

    const result = await importApi(dir, STATEMENT_B, true);
    expect(outsideFeatures(await snapshot(dir))).toEqual(beforeDir);
    expect(await snapshot(elsewhere)).toEqual(beforeElsewhere);
    for (const rel of [...result.removed, ...result.kept.map((k) => k.path)]) {
      expect(path.resolve(out, rel).startsWith(out + path.sep)).toBe(true);
    }
    // The next manifest carries none of the hostile entries.
    expect(Object.keys(await readManifest(out)).filter((rel) => rel.includes('..') || rel.startsWith('/') || rel.includes('\\'))).toEqual([]);

    // A manifest is a file a patch may write: README.md listed with its real
    // hash is still not the import's (it has no "Imported from" line), so it stays.
    expect(result.removed).not.toContain('README.md');
    expect(await readFile(path.join(out, 'README.md'), 'utf8')).toBe(USER_FILES['README.md']);
    expect(result.kept).toContainEqual({ path: 'README.md', reason: 'not-imported' });
  });

  it('never touches a dot-path or a file an import never writes, even listed with its real hash', async () => {
    const { dir, out } = await workspace();
    await importApi(dir, STATEMENT_A, false);
    await mkdir(path.join(out, '.git'), { recursive: true });
    await writeFile(path.join(out, '.git/HEAD'), 'ref: refs/heads/main\n');
    await writeFile(path.join(out, 'notes.txt'), 'mine\n');
    // A hand-written feature file (no "Imported from" line), listed as if imported.
    await mkdir(path.join(out, 'mine'), { recursive: true });
    await writeFile(path.join(out, 'mine/own.md'), '---\ntitle: Own\nsection: Guests\n---\n');
    const hashOf = async (file: string): Promise<string> => sha256(await readFile(file));
    await writeManifest(out, {
      ...(await readManifest(out)),
      '.git/HEAD': await hashOf(path.join(out, '.git/HEAD')),
      'notes.txt': await hashOf(path.join(out, 'notes.txt')),
      'mine/own.md': await hashOf(path.join(out, 'mine/own.md')),
    });
    const result = await importApi(dir, STATEMENT_B, true);
    expect(await readFile(path.join(out, '.git/HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(await readFile(path.join(out, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(await readFile(path.join(out, 'mine/own.md'), 'utf8')).toBe('---\ntitle: Own\nsection: Guests\n---\n');
    expect(result.removed.filter((rel) => ['.git/HEAD', 'notes.txt', 'mine/own.md'].includes(rel))).toEqual([]);
    expect(result.kept).toContainEqual({ path: 'mine/own.md', reason: 'not-imported' });
  });

  it('never replaces or removes a feature file holding sign-offs or a proposal, even listed with its real hash', async () => {
    const { dir, out } = await workspace();
    await importApi(dir, STATEMENT_A, false);
    const manifest = await readManifest(out);
    const features = Object.keys(manifest).filter((rel) => rel.endsWith('.md'));
    // One that the next statement changes or drops, one it keeps: both signed by hand, the manifest "refreshed".
    const signed: Record<string, string> = {};
    for (const rel of features) {
      const file = path.join(out, rel);
      const text = (await readFile(file, 'utf8')).replace(/^---\n/, '---\nsignoffs:\n  - { by: mwebb, date: 2025-12-01, status: Supported, ref: "https://x.example/1" }\n');
      await writeFile(file, text);
      signed[rel] = text;
    }
    await writeManifest(out, { ...manifest, ...Object.fromEntries(await Promise.all(features.map(async (rel) => [rel, sha256(await readFile(path.join(out, rel)))] as const))) });
    const result = await importApi(dir, STATEMENT_B, true);
    // Still in the statement: merged, the sign-off kept as it was. Gone from it: byte-identical. None removed.
    for (const [rel, text] of Object.entries(signed)) {
      const now = await readFile(path.join(out, rel), 'utf8');
      expect(now.startsWith('---\nsignoffs:\n  - { by: mwebb, date: 2025-12-01, status: Supported, ref: "https://x.example/1" }\n'), rel).toBe(true);
      if (FEATURES_B.includes(rel)) expect(result.merged.map((m) => m.path), rel).toContain(rel);
      else {
        expect(now, rel).toBe(text);
        expect(result.kept, rel).toContainEqual({ path: rel, reason: 'edited' });
      }
    }
    expect(result.removed.filter((rel) => rel.endsWith('.md'))).toEqual([]);
  });

  it('never drops sign-offs under a key spelt another way YAML allows (`"signoffs":`), even listed with its real hash', async () => {
    const { dir, out } = await workspace();
    await importApi(dir, STATEMENT_A, false);
    const manifest = await readManifest(out);
    const rel = 'host/x86-nested-paging.md';
    const file = path.join(out, rel);
    const text = (await readFile(file, 'utf8')).replace(/^---\n/, '---\n"signoffs":\n  - { by: mwebb, date: 2025-12-01, status: Supported, ref: "https://x.example/1" }\n');
    await writeFile(file, text);
    await writeManifest(out, { ...manifest, [rel]: sha256(text) });
    const result = await importApi(dir, STATEMENT_B, true);
    expect(result.merged.map((m) => m.path)).toContain(rel);
    expect(parse((await readFile(file, 'utf8')).split('\n---\n')[0]?.slice(4) ?? '')).toMatchObject({ signoffs: [{ by: 'mwebb', ref: 'https://x.example/1' }], status: 'Tech Preview' });
  });

  it('removes nothing a manifest lists with a hash that does not match', async () => {
    const { dir, out } = await workspace();
    await importApi(dir, STATEMENT_A, false);
    await addUserFiles(out);
    const manifest = await readManifest(out);
    await writeManifest(out, {
      ...Object.fromEntries(Object.keys(manifest).map((rel) => [rel, '0'.repeat(64)])),
      ...Object.fromEntries(Object.keys(USER_FILES).map((rel) => [rel, sha256('something else')])),
    });
    const before = await snapshot(out);
    const result = await importApi(dir, STATEMENT_B, true);
    expect(result.removed).toEqual([]);
    const after = await snapshot(out);
    // Every file is as it was, but the features the statement still has: merged into.
    for (const [rel, entry] of Object.entries(before)) {
      if (rel !== IMPORT_MANIFEST && !FEATURES_B.includes(rel)) expect([rel, after[rel]]).toEqual([rel, entry]);
    }
    expect(result.merged.map((m) => m.path).sort()).toEqual(FEATURES_B.filter((rel) => before[rel] !== undefined).sort());
    expect(result.kept).toContainEqual({ path: 'README.md', reason: 'edited' });
  });
});

describe('import support-md --force over an import without a manifest', () => {
  it.each([
    ['no manifest (an older version)', undefined],
    ['a manifest that is not JSON', '{"files": {"guests/pv-guests.md": '],
    ['a manifest of the wrong shape', '{"files": ["guests/pv-guests.md"]}\n'],
  ])('with %s, removes and replaces no file and names each one it would have written', async (_, manifestText) => {
    const { dir, out } = await workspace();
    await importApi(dir, STATEMENT_A, false);
    if (manifestText === undefined) await rm(path.join(out, IMPORT_MANIFEST));
    else await writeFile(path.join(out, IMPORT_MANIFEST), manifestText);
    const before = await snapshot(out);

    const run = await importCli(dir, STATEMENT_B, true);
    expect(run.code).not.toBe(2);
    const after = await snapshot(out);
    // The features the statement still has are merged into (only what it states changes); every other file is as it was.
    const merged = ['guests/pv-guests.md', 'guests/pv-shim.md', 'host/arm-v9.md', 'host/x86-nested-paging.md'];
    for (const [rel, entry] of Object.entries(before)) {
      if (rel !== IMPORT_MANIFEST && !merged.includes(rel)) expect([rel, after[rel]]).toEqual([rel, entry]);
    }
    expect(run.stdout).toContain('Merged the statement into 4 existing feature files');
    expect(after['host/x86-nested-paging.md']).toContain('status: Tech Preview');
    expect(run.stdout).not.toContain('Removed');
    const conflicting = ['project.yml', 'signoff-baseline.yml', 'import-report.txt'];
    for (const rel of conflicting) expect(run.stderr).toContain(`support-matrix: warning: kept features/${rel}: ${KEPT_REASONS['not-imported']}\n`);
    expect(run.stderr.match(/warning: kept /g)).toHaveLength(conflicting.length);
    // Only the new feature was written, and it is the only one listed.
    expect(after['guests/balloon-driver.md']).toMatch(/^file ---\n/);
    expect(Object.keys(await readManifest(out))).toEqual(['guests/balloon-driver.md']);
  });
});

describe('import support-md --force and symbolic links', () => {
  it('never writes through a feature file that is a link to a file elsewhere', async () => {
    const { dir, out } = await workspace();
    const elsewhere = await tempDir();
    await importApi(dir, STATEMENT_A, false);
    // The link's target holds exactly what the import wrote, so its hash matches the manifest.
    const target = path.join(elsewhere, 'pv-guests.md');
    await rename(path.join(out, 'guests/pv-guests.md'), target);
    await symlink(target, path.join(out, 'guests/pv-guests.md'));
    // And a link where the new statement adds a feature.
    const other = path.join(elsewhere, 'balloon.md');
    await writeFile(other, 'not a feature\n');
    await symlink(other, path.join(out, 'guests/balloon-driver.md'));
    const before = await snapshot(elsewhere);

    const result = await importApi(dir, STATEMENT_B, true);
    expect(await snapshot(elsewhere)).toEqual(before);
    expect((await lstat(path.join(out, 'guests/pv-guests.md'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(out, 'guests/balloon-driver.md'))).toBe(other);
    expect(result.kept).toContainEqual({ path: 'guests/pv-guests.md', reason: 'not-a-file' });
    expect(result.kept).toContainEqual({ path: 'guests/balloon-driver.md', reason: 'not-a-file' });
  });

  it('never writes or removes through a feature directory that is a link to a directory elsewhere', async () => {
    const { dir, out } = await workspace();
    const elsewhere = await tempDir();
    await importApi(dir, STATEMENT_A, false);
    await rename(path.join(out, 'host'), path.join(elsewhere, 'host'));
    await symlink(path.join(elsewhere, 'host'), path.join(out, 'host'));
    const before = await snapshot(elsewhere);

    const result = await importApi(dir, STATEMENT_B, true);
    expect(await snapshot(elsewhere)).toEqual(before);
    expect(result.removed).not.toContain('host/physical-memory.md');
    expect(result.kept.filter((k) => k.path.startsWith('host/'))).toEqual([
      { path: 'host/x86-nested-paging.md', reason: 'linked' },
      { path: 'host/arm-v9.md', reason: 'linked' },
      { path: 'host/physical-memory.md', reason: 'linked' },
    ]);
    expect(Object.keys(await readManifest(out)).filter((rel) => rel.startsWith('host/'))).toEqual([]);
    // The rest of the import went ahead.
    expect(result.removed).toEqual(['devices/emulated-disks.md', 'devices/serial-consoles.md', 'guests/time-travel.md']);
  });

  it('keeps a file where a feature directory would be, and imports the rest', async () => {
    const { dir, out } = await workspace();
    await importApi(dir, STATEMENT_A, false);
    await rm(path.join(out, 'host'), { recursive: true });
    await writeFile(path.join(out, 'host'), 'host notes\n');
    const result = await importApi(dir, STATEMENT_B, true);
    expect(await readFile(path.join(out, 'host'), 'utf8')).toBe('host notes\n');
    expect(result.kept.filter((k) => k.path.startsWith('host/'))).toEqual([
      { path: 'host/x86-nested-paging.md', reason: 'not-a-file' },
      { path: 'host/arm-v9.md', reason: 'not-a-file' },
      // Dropped, and gone with its directory: still named, as there is no telling.
      { path: 'host/physical-memory.md', reason: 'not-a-file' },
    ]);
    expect(await exists(path.join(out, 'guests/balloon-driver.md'))).toBe(true);
    expect(result.untouched).toContain('host');
  });
});
