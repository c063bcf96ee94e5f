// `npm run bench`: generates corpora, runs each scenario RUNS times in a
// fresh process, prints median/min/max wall time and peak RSS, and compares
// `build` with plain Eleventy on the same markdown. Results also go to
// bench/last-run.md (copy them into BENCHMARKS.md). Speed is measured here,
// never by a timed test.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSupportMd } from '../dist/import/support-md.js';
import { slug } from '../dist/model/cells.js';
import { generate, generateLegacyRepo, generateRepo, generateScaffolds } from './generate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TODAY = '2026-06-01';
const work = path.join(os.tmpdir(), 'support-matrix-bench');
const full = process.argv.includes('--full');
// `npm run bench -- --yaml`: only the hostile-YAML scenarios (a minute, not five).
const yamlOnly = process.argv.includes('--yaml');
// `npm run bench -- --import`: only the import and legacy-release scenarios (20 seconds).
const importOnly = process.argv.includes('--import');
// The vendored Xen statements (test/corpora/xen/): real-sized classic SUPPORT.md files, oldest first.
const XEN = ['SUPPORT-4.14.md', 'SUPPORT-4.19.md', 'SUPPORT-unstable.md'].map((f) => path.join(root, 'test/corpora/xen', f));
const STATEMENT = XEN[2];
const LEGACY_RELEASES = 13;
// The source project's own pipeline, building its 13 releases' support pages on the reference
// machine: a figure given to us, not measured here; printed beside ours.
const REFERENCE_13_RELEASES = 6.3;
// Peak RSS of a process run through GNU time, when it is installed.
const gnuTime = existsSync('/usr/bin/time');

// A CLI command in a fresh process, RUNS times (bench/measure.js runs it).
function time(label, args, cwd, { before = () => undefined, expect = 0 } = {}) {
  return timeScript(label, 'bench/measure.js', args, cwd, { before, expect });
}

// A script in a fresh process, RUNS times: bench/measure.js (the CLI, whose exit code must be
// `expect`), bench/floor.js, …; each prints a JSON line with its peak RSS (and the CLI's code).
function timeScript(label, script, args, cwd, { before = () => undefined, expect } = {}) {
  const samples = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    const run = runScript(label, script, args, cwd, { before, expect });
    samples.push(run.seconds);
    rss = Math.max(rss, run.rss);
  }
  return row(label, samples, rss);
}

// One run of timeScript: wall seconds and peak RSS (KiB).
function runScript(label, script, args, cwd, { before = () => undefined, expect } = {}) {
  before();
  const start = performance.now();
  const child = spawnSync(process.execPath, [path.join(root, script), ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - start) / 1000;
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1) || '{}');
  if (child.status !== 0 || result.code !== expect) throw new Error(`${label} failed (exit ${child.status}, code ${result.code}): ${child.stderr}`);
  return { seconds, rss: result.maxRSS ?? 0 };
}

// The largest page (.html) a build wrote under `site`: its path there and its size in bytes.
function largestPage(site) {
  let largest = { file: 'none', bytes: 0 };
  for (const entry of readdirSync(site, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = statSync(file).size;
    if (bytes > largest.bytes) largest = { file: path.relative(site, file), bytes };
  }
  return largest;
}

// The CLI as a user runs it, `node bin/support-matrix.js …`, RUNS times (peak RSS from GNU time when
// present); `after` checks what the run left behind.
function timeBin(label, args, cwd, { before = () => undefined, after = () => undefined } = {}) {
  const samples = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    const dir = before() ?? cwd;
    const cli = [process.execPath, path.join(root, 'bin/support-matrix.js'), ...args];
    const start = performance.now();
    const child = gnuTime ? spawnSync('/usr/bin/time', ['-f', '%M', ...cli], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 }) : spawnSync(cli[0], cli.slice(1), { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    const seconds = (performance.now() - start) / 1000;
    if (child.status !== 0) throw new Error(`${label} failed (exit ${child.status}): ${child.stderr}`);
    after(dir);
    samples.push(seconds);
    if (gnuTime) rss = Math.max(rss, Number(child.stderr.trim().split('\n').at(-1)) || 0);
  }
  return row(label, samples, rss);
}

// importSupportMd alone (bench/import.js): its first call in each of RUNS fresh processes, and
// the calls after it in the same processes (the importer's code compiled).
function conversion(label, file, calls = 20) {
  const first = [];
  const later = [];
  let rss = 0;
  let counts = {};
  for (let i = 0; i < RUNS; i++) {
    const child = spawnSync(process.execPath, [path.join(root, 'bench/import.js'), file, String(calls)], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${label} failed: ${child.stderr}`);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}');
    first.push(result.times[0]);
    later.push(...result.times.slice(1));
    rss = Math.max(rss, result.maxRSS);
    counts = { statusLines: result.statusLines, features: result.features };
  }
  return [row(`${label}, first call in a fresh process`, first, rss), row(`${label}, ${calls - 1} calls after the first, per call`, later, 0), counts];
}

const rebuilds = (n) => `${n} ${n === 1 ? 'rebuild' : 'rebuilds'}`;

// Sub-0.1 s figures (the conversion alone) to a tenth of a millisecond.
const seconds = (s) => s.toFixed(s < 0.1 ? 4 : 2);

function row(label, samples, rssKb) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { label, median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1), rss: rssKb / 1024 };
}

// Plain Eleventy's input beside `dir`'s features: the same markdown, Eleventy's default markdown,
// one page per file, a trivial layout. Returns one timed run (fresh output directory), in seconds.
function plainSetup(features, dir) {
  const input = path.join(dir, 'plain');
  rmSync(input, { recursive: true, force: true });
  cpSync(features, input, { recursive: true, filter: (src) => statSync(src).isDirectory() || src.endsWith('.md') });
  mkdirSync(path.join(input, '_includes'), { recursive: true });
  writeFileSync(path.join(input, '_includes', 'page.njk'), '<!doctype html><html><head><title>{{ title }}</title></head><body>{{ content | safe }}</body></html>\n');
  writeFileSync(path.join(input, 'plain.11tydata.json'), JSON.stringify({ layout: 'page.njk' }));
  return () => {
    rmSync(path.join(dir, 'plain-site'), { recursive: true, force: true });
    spawnSync('sync');
    const start = performance.now();
    const eleventy = spawnSync(process.execPath, [path.join(root, 'node_modules/@11ty/eleventy/cmd.cjs'), '--quiet', `--input=${input}`, `--output=${path.join(dir, 'plain-site')}`, '--formats=md'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (eleventy.status !== 0) throw new Error(`plain Eleventy failed: ${eleventy.stderr}`);
    return (performance.now() - start) / 1000;
  };
}

// `build` of `dir` with and without the prose cache, and plain Eleventy on the same markdown, in
// turns (cold, warm, plain; RUNS rounds), so that each round's ratios compare runs made moments
// apart: this machine's disk speed drifts by 2× within minutes. Returns the three rows and each
// round's ratios.
function buildsBesideEleventy(n, dir) {
  const plain = plainSetup(path.join(dir, 'features'), dir);
  primed(dir);
  const samples = { cold: [], warm: [], plain: [] };
  let coldRss = 0;
  let warmRss = 0;
  // Untimed before each run: its output directory removed and every dirty page flushed, so that
  // no run pays for writing back what the run before it wrote (ours write ≈ 4× plain Eleventy's bytes).
  const settle = () => spawnSync('sync');
  const clean = { before: () => (fresh(dir).before(), settle()), expect: 0 };
  for (let i = 0; i < RUNS; i++) {
    const c = runScript(`build, ${n} features, no prose cache`, 'bench/measure.js', cold, dir, clean);
    const w = runScript(`build, ${n} features, prose cache warm`, 'bench/measure.js', warm, dir, clean);
    samples.cold.push(c.seconds);
    samples.warm.push(w.seconds);
    settle();
    samples.plain.push(plain());
    coldRss = Math.max(coldRss, c.rss);
    warmRss = Math.max(warmRss, w.rss);
  }
  const ratios = (ours) => ours.map((t, i) => t / samples.plain[i]);
  return {
    rows: [row(`build, ${n} features, no prose cache`, samples.cold, coldRss), row(`build, ${n} features, prose cache warm`, samples.warm, warmRss), row(`plain Eleventy, ${n} pages`, samples.plain, plainRss(dir))],
    ratios: { cold: ratios(samples.cold), warm: ratios(samples.warm) },
  };
}

// Peak RSS of plain Eleventy on `dir`'s copy (plainSetup), measured once with GNU time when present.
function plainRss(dir) {
  const input = path.join(dir, 'plain');
  const gnu = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, path.join(root, 'node_modules/@11ty/eleventy/cmd.cjs'), '--quiet', `--input=${input}`, `--output=${path.join(dir, 'plain-site')}`, '--formats=md'], { cwd: dir, encoding: 'utf8' });
  return gnu.status === 0 ? Number(gnu.stderr.trim().split('\n').at(-1)) || 0 : 0;
}

function rebuild(label, dir, runs = RUNS) {
  // Feature 0 is in the first section, `Host architecture`.
  const target = path.join(dir, 'features', 'host-architecture', 'f0.md');
  const child = spawnSync(process.execPath, [path.join(root, 'bench/rebuild.js'), target, String(runs), TODAY], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new Error(`${label} failed: ${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}');
  return row(label, result.times, result.maxRSS);
}

const started = performance.now();
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const dirs = { k1: path.join(work, '1k'), k10: path.join(work, '10k'), s10: path.join(work, 'scaffolds-10k'), repo: path.join(work, 'releases-10x1k'), repo10: path.join(work, 'releases-10x10k') };
process.stderr.write('generating corpora…\n');
if (!yamlOnly && !importOnly) {
  generate(dirs.k1, 1_000);
  generate(dirs.k10, 10_000);
  await generateScaffolds(dirs.s10, 10_000);
  generateRepo(dirs.repo, 1_000, 10);
  if (full) generateRepo(dirs.repo10, 10_000, 10);
}
// 13 releases published as a classic SUPPORT.md, then migrated: see generateLegacyRepo.
const legacy = path.join(work, `legacy-${LEGACY_RELEASES}`);
const legacyReleases = yamlOnly ? [] : await generateLegacyRepo(legacy, XEN, STATEMENT, LEGACY_RELEASES, TODAY);

const check = ['check', 'features', '--today', TODAY];
const cache = path.join(work, 'prose-cache');
const build = ['build', 'features', '--today', TODAY, '--revision', 'bench'];
const cold = [...build, '--no-cache'];
const warm = [...build, '--cache-dir', cache];
// Like plain Eleventy's runs, each build starts without an output directory.
const fresh = (dir) => ({ before: () => rmSync(path.join(dir, '_site'), { recursive: true, force: true }) });
// Warm: the prose cache holds every document from one untimed build before.
const primed = (dir) => {
  const child = spawnSync(process.execPath, [path.join(root, 'bench/measure.js'), ...warm], { cwd: dir, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`priming the prose cache failed: ${child.stderr}`);
  return fresh(dir);
};
const rows = [];
const step = (r) => {
  rows.push(r);
  process.stderr.write(`${r.label}: ${seconds(r.median)} s\n`);
};
// What only the bench measures beside the timings: the largest page, filtering in Chromium.
let pages;
let filtering;
// Each round's build ÷ plain Eleventy at 10k (buildsBesideEleventy).
let paired;
if (!yamlOnly && !importOnly) {
  step(time('check, 1k features', check, dirs.k1));
  step(time('check, 10k features', check, dirs.k10));
  step(timeScript('floor: read + js-yaml frontmatter, 10k features', 'bench/floor.js', ['features'], dirs.k10));
  step(time('check, 10k scaffolds (a finding in every file)', check, dirs.s10));
  step(timeScript('floor: read + js-yaml frontmatter, 10k scaffolds', 'bench/floor.js', ['features'], dirs.s10));
  const k1 = buildsBesideEleventy('1k', dirs.k1);
  k1.rows.forEach(step);
  const k10 = buildsBesideEleventy('10k', dirs.k10);
  k10.rows.forEach(step);
  paired = k10.ratios;
  pages = largestPage(path.join(dirs.k10, '_site'));
  const browsed = spawnSync(process.execPath, [path.join(root, 'bench/filter.js'), path.join(dirs.k10, '_site')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (browsed.status !== 0) throw new Error(`filtering the matrix in Chromium failed: ${browsed.stderr}`);
  filtering = JSON.parse(browsed.stdout.trim().split('\n').at(-1) ?? '{}');
  if (filtering.times) step(row(`filter the matrix in Chromium, 10k features (${filtering.times.length} status choices, to the next frame)`, filtering.times.map((t) => t / 1000), 0));
  step(time('build, 10 releases × 1k features, prose cache warm', warm, dirs.repo, primed(dirs.repo)));
  if (full) step(time('build, 10 releases × 10k features, prose cache warm', warm, dirs.repo10, primed(dirs.repo10)));
  // `--full`: 20 rebuilds in one serve, for its peak RSS after them (issue 16, target 4).
  step(rebuild(`rebuild after one change, 10k features (serve, ${rebuilds(full ? 20 : RUNS)})`, dirs.k10, full ? 20 : RUNS));
  step(time('export --format json, 10k features', ['export', 'features', '--format', 'json', '--today', TODAY, '--out', 'export.json'], dirs.k10));
}

// Import speed: the vendored development statement (≈ 200 status lines) into a fresh directory each
// run, end to end through the CLI (read, convert, write, baseline, check); then the conversion alone.
let statement = {};
let legacySummary;
if (!yamlOnly) {
  // As the importer counts them (its report's first line): `Status[, qualifier]: value` and status-first lines.
  const statusLines = importSupportMd(readFileSync(STATEMENT, 'utf8'), { file: 'SUPPORT.md' }).counts.statusLines;
  let importRun = 0;
  const importDir = () => {
    const dir = path.join(work, `import-${importRun++}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const imported = (dir) => {
    if (!existsSync(path.join(dir, 'features', 'project.yml')) || !existsSync(path.join(dir, 'features', 'signoff-baseline.yml'))) throw new Error(`import support-md wrote no project.yml or baseline in ${dir}`);
  };
  step(timeBin(`import support-md, ${statusLines} status lines, CLI end to end`, ['import', 'support-md', STATEMENT, '--out', 'features', '--today', TODAY], work, { before: importDir, after: imported }));
  const [first, later, counts] = conversion(`importSupportMd, ${statusLines} status lines`, STATEMENT);
  step(first);
  step(later);
  statement = { lines: statusLines, ...counts };

  // 13 legacy releases (`format: support-md`, each read from its tag and converted in memory) beside the
  // migrated tree, in one `build`; each run starts without _site and must write every release's matrix.
  const site = path.join(legacy, '_site');
  const legacyBuild = ['build', '--today', TODAY, '--revision', 'bench'];
  const legacyCache = ['--cache-dir', path.join(work, 'prose-cache-legacy')];
  const everyRelease = () => {
    const missing = legacyReleases.map((r) => `releases/${slug(r.name)}/index.html`).filter((f) => !existsSync(path.join(site, f)));
    if (missing.length > 0) throw new Error(`build of ${LEGACY_RELEASES} legacy releases wrote no ${missing.join(', ')}`);
  };
  const fromScratch = { before: () => rmSync(site, { recursive: true, force: true }), after: everyRelease };
  const label = `build, ${LEGACY_RELEASES} legacy releases (support-md) + ${statement.features ?? '?'} features`;
  const coldRow = timeBin(`${label}, no prose cache`, [...legacyBuild, '--no-cache'], legacy, fromScratch);
  step(coldRow);
  // Warm: one untimed build before fills the prose cache, as every build after the first finds it.
  const priming = spawnSync(process.execPath, [path.join(root, 'bin/support-matrix.js'), ...legacyBuild, ...legacyCache], { cwd: legacy, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (priming.status !== 0) throw new Error(`priming the prose cache failed: ${priming.stderr}`);
  const warmRow = timeBin(`${label}, prose cache warm`, [...legacyBuild, ...legacyCache], legacy, fromScratch);
  step(warmRow);
  legacySummary = { cold: coldRow.median, warm: warmRow.median };
}

// Hostile YAML: each corpus is one small project plus one file built to make
// the parser work (issue 11: alias resolution was quadratic, 68 s for 8,000
// aliases; the duplicate-key check compared every key with every other).
const yamlCorpus = (name, frontmatter) => {
  const dir = path.join(work, `yaml-${name}`);
  mkdirSync(path.join(dir, 'features'), { recursive: true });
  writeFileSync(path.join(dir, 'features', 'project.yml'), 'name: YAML bench\nsections: [General]\n');
  writeFileSync(path.join(dir, 'features', 'security-team.yml'), 'members: []\n');
  const text = `---\ntitle: Hostile\nsection: General\nstatus: Experimental\nknown-issues:\n  - summary: Not reviewed.\n${frontmatter}---\n`;
  writeFileSync(path.join(dir, 'features', 'hostile.md'), text);
  return { dir, mib: Buffer.byteLength(text) / 2 ** 20 };
};
const MIB = 2 ** 20;
const yamlCases = [
  // The reported case, 8,000 aliases of one anchor: parsed and resolved, then
  // refused by the schema (a list holds at most 200 entries).
  { name: '8,000 aliases of one anchor', expect: 1, frontmatter: `components:\n  - &a x\n${'  - *a\n'.repeat(7_999)}` },
  // Refused at the 10,001st alias reference, before the parse.
  { name: 'aliases only, 1 MiB', expect: 1, frontmatter: `components:\n  - &a x\n${'  - *a\n'.repeat(Math.floor((MIB - 1024) / 7))}` },
  // Refused when aliases add more than 64 KiB of text (a 10 KB string aliased 3,000 times).
  { name: '10 KB string aliased 3,000 times', expect: 1, frontmatter: `components:\n  - &a ${'y'.repeat(10_000)}\n${'  - *a\n'.repeat(3_000)}` },
  // 40,000 distinct keys behind an anchor, so the full parse reads them (was 6 s).
  { name: '40,000 keys in one mapping', expect: 1, frontmatter: `extra: &m\n${Array.from({ length: 40_000 }, (_, i) => `  k${i}: v\n`).join('')}` },
  // The full parser's own speed: a 1 MiB list (an anchor sends it there), refused
  // before that parse once js-yaml counts more than 100,000 values.
  { name: 'a 1 MiB list through the full parser', expect: 1, frontmatter: `extra: &l\n${'  - abcd\n'.repeat(Math.floor((MIB - 1024) / 9))}` },
  // Tiny nested flow sequences: 3 s and 800 MB in the full parser; refused the same way.
  { name: '1 MiB of nested flow sequences', expect: 1, frontmatter: `extra: &n [${Array(Math.floor((MIB - 1024) / 84)).fill(`${'['.repeat(40)}a${']'.repeat(40)}`).join(', ')}]\n` },
  // Under the value bound, so the full parser reads it all: its speed on 40,000 small values.
  { name: '20,000 anchored two-item lists', expect: 1, frontmatter: `extra:\n${Array.from({ length: 20_000 }, (_, i) => `  - &a${i} [x, y]\n`).join('')}` },
];
// The same project with one ordinary feature: start-up and the rest of check, subtracted below.
let yamlBase;
const yamlRows = [];
if (!importOnly) {
  yamlBase = time('check, hostile YAML baseline: one plain feature', check, yamlCorpus('base', '').dir);
  step(yamlBase);
  for (const c of yamlCases) {
    const { dir, mib } = yamlCorpus(yamlRows.length, c.frontmatter);
    const r = time(`check, hostile YAML: ${c.name} (${mib.toFixed(2)} MiB)`, check, dir, { expect: c.expect });
    step(r);
    yamlRows.push({ ...r, mib });
  }
}

const find = (label) => rows.find((r) => r.label === label);
const findStart = (prefix) => rows.find((r) => r.label.startsWith(prefix));

// Issue 16's targets, each with what this run measured and whether it is met;
// a target whose scenarios did not run (`--yaml`, `--import`, no `--full`) says so.
function targetLines() {
  const out = ['| target | measured | limit | met? |', '|---|---|---|---|'];
  const add = (target, measured, limit, met) => out.push(`| ${target} | ${measured ?? 'not measured in this run'} | ${limit} | ${measured === undefined ? 'n/a' : met ? 'met' : 'not met'} |`);
  const over = (a, b) => (a && b ? a.median / b.median : undefined);
  const x = (v) => (v === undefined ? undefined : `${v.toFixed(2)} ×`);
  const plain10 = find('plain Eleventy, 10k pages');
  const warm10 = find('build, 10k features, prose cache warm');
  const cold10 = find('build, 10k features, no prose cache');
  // The median of the rounds' ratios (runs moments apart), and the ratio of the medians beside it.
  const median = (list) => (list ? [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] : undefined);
  const r1 = median(paired?.warm);
  const r2 = median(paired?.cold);
  const both = (r, ours) => r === undefined ? undefined : `${x(r)} (median of ${paired.warm.length} rounds; medians ${seconds(ours.median)} s ÷ ${seconds(plain10.median)} s = ${x(over(ours, plain10))})`;
  add('1. build 10k ÷ plain Eleventy, prose cache warm', both(r1, warm10), '≤ 0.8 ×', r1 <= 0.8);
  add('1. build 10k ÷ plain Eleventy, no prose cache', both(r2, cold10), '≤ 1.5 ×', r2 <= 1.5);
  const re = findStart('rebuild after one change, 10k features');
  add('2. rebuild after one change, 10k features (serve), median', re && `${seconds(re.median)} s`, '≤ 1 s', re?.median <= 1);
  const c1 = over(find('check, 10k features'), find('floor: read + js-yaml frontmatter, 10k features'));
  add('3. check 10k ÷ floor (read + js-yaml)', x(c1), '≤ 3 ×', c1 <= 3);
  const c2 = over(find('check, 10k scaffolds (a finding in every file)'), find('floor: read + js-yaml frontmatter, 10k scaffolds'));
  add('3. check 10k scaffolds, a finding in each ÷ floor', x(c2), '≤ 3 ×', c2 <= 3);
  const buildRss = warm10 && cold10 ? Math.max(warm10.rss, cold10.rss) : undefined;
  add('4. peak RSS, build 10k', buildRss === undefined ? undefined : `${buildRss.toFixed(0)} MiB`, '≤ 1,024 MiB', buildRss <= 1024);
  add(`4. peak RSS, serve 10k after ${rebuilds(full ? 20 : RUNS)}${full ? '' : ' (20 with --full)'}`, re && `${re.rss.toFixed(0)} MiB`, '≤ 1,024 MiB', re?.rss <= 1024);
  add('5. largest page, 10k features', pages && `${(pages.bytes / 1e6).toFixed(1)} MB (${pages.file})`, '≤ 2 MB', pages?.bytes <= 2e6);
  const slowest = filtering?.times ? Math.max(...filtering.times) : undefined;
  if (filtering?.skipped) out.push(`| 5. filtering the matrix in Chromium | skipped: ${filtering.skipped} | < 100 ms | n/a |`);
  else add('5. filtering the matrix in Chromium, 10k features, slowest choice', slowest === undefined ? undefined : `${slowest.toFixed(0)} ms`, '< 100 ms', slowest < 100);
  const legacy13 = legacySummary && legacySummary.cold / REFERENCE_13_RELEASES;
  add(`6. ${LEGACY_RELEASES} legacy releases, no prose cache ÷ the source project's pipeline (${REFERENCE_13_RELEASES} s)`, legacy13 === undefined ? undefined : `${legacy13.toFixed(2)} (${legacySummary.cold.toFixed(2)} s)`, '≤ 0.10', legacy13 <= 0.1);
  const r10 = over(find('build, 10 releases × 10k features, prose cache warm'), warm10);
  add('6. 10 releases × 10k ÷ one 10k build, prose cache warm (--full)', x(r10), '≤ 3 ×', r10 <= 3);
  return out;
}
const ratio = (ours, plain) => (find(ours) && find(plain) ? (find(ours).median / find(plain).median).toFixed(2) : 'n/a');
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const gitVersion = execFileSync('git', ['--version'], { encoding: 'utf8' }).trim();
const lines = [
  `Machine: ${machine}; ${gitVersion}. ${RUNS} runs per scenario, each in a fresh process.`,
  '',
  '| scenario | median (s) | min (s) | max (s) | peak RSS (MiB) |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.label} | ${seconds(r.median)} | ${seconds(r.min)} | ${seconds(r.max)} | ${r.rss ? r.rss.toFixed(0) : 'n/a'} |`),
  '',
  ...(find('plain Eleventy, 1k pages')
    ? [
        `build ÷ plain Eleventy, ratio of the medians (target 1 in the table below is the median of each round's ratio), prose cache warm: ${ratio('build, 1k features, prose cache warm', 'plain Eleventy, 1k pages')} at 1k, ${ratio('build, 10k features, prose cache warm', 'plain Eleventy, 10k pages')} at 10k;`,
        `without a prose cache: ${ratio('build, 1k features, no prose cache', 'plain Eleventy, 1k pages')} at 1k, ${ratio('build, 10k features, no prose cache', 'plain Eleventy, 10k pages')} at 10k.`,
      ]
    : []),
  ...(legacySummary
    ? [
        `import support-md of ${statement.lines} status lines (${statement.features} features): ${find(`import support-md, ${statement.lines} status lines, CLI end to end`)?.median.toFixed(2)} s end to end, ${(find(`importSupportMd, ${statement.lines} status lines, first call in a fresh process`)?.median * 1000).toFixed(1)} ms of it the conversion.`,
        `${LEGACY_RELEASES} legacy releases in one build: ${legacySummary.cold.toFixed(2)} s without a prose cache, ${legacySummary.warm.toFixed(2)} s warm; the source project's own pipeline, ${LEGACY_RELEASES} releases on the reference machine (given, not measured here): ≈ ${REFERENCE_13_RELEASES.toFixed(1)} s (ours ÷ theirs: ${(legacySummary.cold / REFERENCE_13_RELEASES).toFixed(2)}, warm ${(legacySummary.warm / REFERENCE_13_RELEASES).toFixed(2)}).`,
      ]
    : []),
  ...(yamlBase ? [`Hostile YAML, seconds over the baseline (and per MiB, for files of at least 0.25 MiB): ${yamlRows.map((r) => `${r.label.replace(/^check, hostile YAML: /, '')} ${Math.max(0, r.median - yamlBase.median).toFixed(2)}${r.mib >= 0.25 ? ` (${(Math.max(0, r.median - yamlBase.median) / r.mib).toFixed(2)} s/MiB)` : ''}`).join('; ')}.`] : []),
  '',
  ...targetLines(),
  '',
  `Total bench time: ${((performance.now() - started) / 1000).toFixed(0)} s.`,
];
const text = lines.join('\n') + '\n';
writeFileSync(path.join(root, 'bench/last-run.md'), text);
process.stdout.write(`\n${text}`);
rmSync(work, { recursive: true, force: true });
