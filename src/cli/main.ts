import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { counted, printable } from '../diagnostics.js';
import { ConfigError } from '../load/corpus.js';
import { dayNumber } from '../model/signoffs.js';
import type { Diagnostic } from '../types.js';
import { check } from './commands/check.js';
import { diff, diffFormats } from './commands/diff.js';
import { EXPORT_FORMATS, exportCorpus, type ExportFormat } from './commands/export.js';
import { HOW_WORDS, importPandocFeatureFiles } from './commands/import-pandoc.js';
import { IMPORT_REPORT, importSupportMdFile, KEPT_REASONS } from './commands/import.js';
import { init } from './commands/init.js';
import { newFeature } from './commands/new.js';
import { queueFormats, signoffs } from './commands/signoffs.js';
import { revokeSignoff, signoff, upgradeSignoffs } from './commands/signoff.js';
import { describeSystemError, systemErrorOf, UsageError } from './errors.js';
import { formatters } from './formatters/index.js';
import { markdownLink } from './formatters/markdown.js';
import { proseCacheFile } from '../render/prose-cache.js';
import { LockTimeout } from './commands/lock.js';
import { collectSooner } from './heap.js';
import { assertExportTarget, writeReplacing } from './commands/output.js';

/** The prose cache options of `build` and `serve`. */
interface CacheOptions {
  cache: boolean;
  cacheDir?: string;
}

/** Exit codes: 0 clean, 1 findings, 2 usage, config or internal failure. */
export const EXIT = { ok: 0, findings: 1, failure: 2 } as const;

/** Where the CLI writes; replaceable for in-process tests. */
export interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  isTTY: boolean;
}

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * The features directory of a command: its `[dir]` argument or `--dir`
 * (one spelling for every command), `features` when neither is given; both,
 * naming different directories, is a usage error.
 */
function featuresDir(positional: string | undefined, option: string | undefined): string {
  if (positional !== undefined && option !== undefined && path.resolve(positional) !== path.resolve(option)) {
    throw new UsageError(`Unexpected two features directories, \`${positional}\` and --dir \`${option}\`; give one`);
  }
  return positional ?? option ?? 'features';
}

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. The only place that decides it. */
/**
 * Refuses a `--site-url` that is not one http(s) URL without spaces or
 * control characters: it is written into every format's links, the Debian
 * lists' lines among them (each format escapes the rest).
 */
function siteUrlOption(url: string | undefined): void {
  if (url !== undefined && !/^https?:\/\/[^\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/u.test(url)) throw new UsageError(`Unexpected --site-url \`${printable(url)}\`, expected an http(s) URL without spaces or control characters`);
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const color = io.env['NO_COLOR'] === undefined && (io.env['FORCE_COLOR'] !== undefined || io.isTTY);
  const today = (value: string | undefined): string => value ?? new Date().toISOString().slice(0, 10);
  const cacheFile = (dir: string, options: CacheOptions): string | undefined => (options.cache ? proseCacheFile(io.cwd, dir, io.env, options.cacheDir) : undefined);

  const program = new Command('support-matrix')
    .description('Validate, lint and publish feature support status: which features are supported, and security supported, on which arch.')
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--debug', 'on an error, also print where in the code it happened (stack trace); also $SUPPORT_MATRIX_DEBUG')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(text) });

  program
    .command('check')
    .description('validate every feature file against the schema and run the lint rules')
    .argument('[dir]', 'features directory holding project.yml (default: "features")')
    .option('-d, --dir <dir>', 'the features directory, as [dir]')
    .addOption(new Option('-f, --format <name>', 'output format').choices(Object.keys(formatters)).default('stylish'))
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseCount)
    .option('--today <date>', 'date to check sign-off dates against (YYYY-MM-DD); default: today', parseDate)
    .option('--quiet', 'report errors only')
    .option('--base <ref>', "judge the working tree with the policy, vocabulary, rules, limits, roster and baseline of this trusted git revision (e.g. origin/main); every change to them is an error")
    .addHelpText('after', '\nExit codes: 0 clean, 1 errors (or too many warnings), 2 usage or configuration error.\nIn CI for pull requests, run with --base <target branch>: see README "Security".')
    .action(async (given: string | undefined, options: { format: string; maxWarnings?: number; today?: string; quiet?: boolean; base?: string; dir?: string }) => {
      const dir = featuresDir(given, options.dir);
      const format = formatters[options.format] ?? formatters['stylish'];
      const print = (list: Diagnostic[]): void => {
        const text = format?.(list, { color, version }) ?? '';
        if (text) io.stdout(text.endsWith('\n') ? text : `${text}\n`);
      };
      try {
        const result = await check({ cwd: io.cwd, dir, today: today(options.today), ...(options.base !== undefined ? { base: options.base } : {}) });
        const shown = options.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
        print(shown);
        if (shown.length === 0 && options.format === 'stylish') {
          const cells = result.corpus.features.length;
          io.stdout(`✓ ${cells} ${cells === 1 ? 'feature' : 'features'} checked in ${dir}: no problems\n`);
        }
        const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
        const warnings = result.diagnostics.length - errors;
        const tooMany = options.maxWarnings !== undefined && warnings > options.maxWarnings;
        if (tooMany) io.stderr(`support-matrix: ${counted(warnings, 'warning')}, more than --max-warnings ${options.maxWarnings}\n`);
        exitCode = errors > 0 || tooMany ? EXIT.findings : EXIT.ok;
      } catch (error) {
        if (error instanceof ConfigError && error.diagnostics.length > 0) print(error.diagnostics);
        throw error;
      }
    });

  program
    .command('build')
    .description('check, then render the site (only when check passes); a failed build leaves the previous site untouched')
    .argument('[dir]', 'features directory holding project.yml (default: "features")')
    .option('-d, --dir <dir>', 'the features directory, as [dir]')
    .option('-o, --out <dir>', 'output directory', '_site')
    .addOption(new Option('-f, --format <name>', 'format of the check findings').choices(Object.keys(formatters)).default('stylish'))
    .option('--today <date>', 'build date for sign-off ages (YYYY-MM-DD); default: today', parseDate)
    .option('--revision <rev>', 'source revision for the page footer; default: from git')
    .option('--cache-dir <dir>', 'where rendered prose is kept between builds; default: $SUPPORT_MATRIX_CACHE_DIR, node_modules/.cache/support-matrix, or ~/.cache/support-matrix')
    .option('--no-cache', 'render all prose again, and keep none')
    .option('--site-url <url>', 'base URL the site is published at, for absolute links in the feeds and the downstream formats (endoflife.date, OpenEoX, calendars, the Debian lists)')
    .action(async (given: string | undefined, options: { out: string; format: string; today?: string; revision?: string; dir?: string; siteUrl?: string } & CacheOptions) => {
      siteUrlOption(options.siteUrl);
      const dir = featuresDir(given, options.dir);
      // `build` and `serve` are imported here, not at the top: `check` and
      // the other commands do not load the renderers (unified, the pages).
      const { build } = await import('./commands/build.js');
      collectSooner();
      const proseCache = cacheFile(dir, options);
      const result = await build({
        cwd: io.cwd,
        dir,
        out: options.out,
        today: today(options.today),
        log: io.stderr,
        ...(options.revision !== undefined ? { revision: options.revision } : {}),
        ...(proseCache !== undefined ? { proseCache } : {}),
        ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}),
      });
      const text = formatters[options.format]?.(result.diagnostics, { color, version }) ?? '';
      if (text) io.stdout(text);
      if (!result.written) {
        io.stderr(`support-matrix: not built: fix the errors above; ${options.out} was left as it was\n`);
        exitCode = EXIT.findings;
        return;
      }
      io.stderr(`Built ${counted(result.pages, 'page')} from ${counted(result.check.corpus.features.length, 'feature')} into ${options.out}\n`);
    });

  program
    .command('serve')
    .description('build, serve on 127.0.0.1 with live reload, and rebuild when features change')
    .argument('[dir]', 'features directory holding project.yml (default: "features")')
    .option('-d, --dir <dir>', 'the features directory, as [dir]')
    .option('-o, --out <dir>', 'output directory', '_site')
    .option('-p, --port <port>', 'port (0 picks a free one)', parsePort, 8080)
    .option('--host <host>', 'address to listen on; 0.0.0.0 or :: makes the site reachable from other machines', '127.0.0.1')
    .option('--today <date>', 'build date for sign-off ages (YYYY-MM-DD); default: today', parseDate)
    .option('--cache-dir <dir>', 'where rendered prose is kept between builds (see `build`)')
    .option('--no-cache', 'render all prose again, and keep none')
    .action(async (given: string | undefined, options: { out: string; port: number; host: string; today?: string; dir?: string } & CacheOptions) => {
      const dir = featuresDir(given, options.dir);
      const { serve } = await import('./commands/serve.js');
      collectSooner();
      const proseCache = cacheFile(dir, options);
      const server = await serve({
        ...(proseCache !== undefined ? { proseCache } : {}),
        cwd: io.cwd,
        dir,
        out: options.out,
        port: options.port,
        host: options.host,
        today: today(options.today),
        log: io.stderr,
        report: (list) => {
          const text = formatters['stylish']?.(list, { color, version }) ?? '';
          if (text) io.stderr(text);
        },
      });
      await new Promise<void>((resolve) => {
        const stop = (): void => void server.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  program
    .command('diff')
    .description('list support changes between two git revisions, and whether each change that needs a sign-off has one')
    .argument('<base>', 'base revision (tag, branch or commit)')
    .argument('[head]', 'head revision; default: the working tree')
    .option('-d, --dir <dir>', 'features directory', 'features')
    .addOption(new Option('-f, --format <name>', 'output format').choices(Object.keys(diffFormats)).default('text'))
    .option('--today <date>', 'date to check sign-off dates against (YYYY-MM-DD); default: today', parseDate)
    .option('--site-url <url>', 'base URL of the published site, for links to each changed cell on its feature page in the markdown format')
    .addHelpText('after', "\nCells are judged with the base's vocabulary, policy, roster, keys and baseline, as by `check --base`.\nExit codes: 0 every change that needs a sign-off has one and nothing the verdict trusts changed, 1 a change lacks a sign-off or governance changed (roster, policy, vocabulary, rules, limits, releases, baseline, edited or removed sign-offs), 2 usage error.")
    .action(async (base: string, head: string | undefined, options: { dir: string; format: string; today?: string; siteUrl?: string }) => {
      if (options.siteUrl !== undefined && markdownLink('site', options.siteUrl) === undefined) throw new UsageError(`Unexpected --site-url \`${options.siteUrl}\`, expected an http(s) URL without spaces, brackets or pipes`);
      const result = await diff({ cwd: io.cwd, dir: options.dir, base, today: today(options.today), ...(head !== undefined ? { head } : {}), ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}) });
      io.stdout(diffFormats[options.format]?.(result) ?? '');
      const warnings = formatters['stylish']?.(result.diagnostics, { color, version }) ?? '';
      if (warnings) io.stderr(warnings);
      exitCode = result.unsigned.length > 0 || result.governance.length > 0 ? EXIT.findings : EXIT.ok;
    });

  program
    .command('signoffs')
    .description("the security team's queue: cells needing a sign-off, proposals, sign-offs due for re-review, revoked and stale ones")
    .argument('[dir]', 'features directory holding project.yml (default: "features")')
    .option('-d, --dir <dir>', 'the features directory, as [dir]')
    .addOption(new Option('-f, --format <name>', 'output format').choices(Object.keys(queueFormats)).default('text'))
    .option('--today <date>', 'date for ages and re-review (YYYY-MM-DD); default: today', parseDate)
    .option('--site-url <url>', 'base URL of the published site, for links to feature pages in the markdown format')
    .option('--upgrade', 'add a claim to every sign-off written before claims that still covers cells, for the security team to review as one patch')
    .option('--key <path...>', "with --upgrade: private SSH keys; each entry by a member listing one's public key is signed with it")
    .action(async (given: string | undefined, options: { format: string; today?: string; upgrade?: boolean; key?: string[]; siteUrl?: string; dir?: string }) => {
      const dir = featuresDir(given, options.dir);
      if (options.upgrade) {
        const done = await upgradeSignoffs({ cwd: io.cwd, dir, today: today(options.today), ...(options.key ? { keys: options.key } : {}) });
        for (const s of done.skipped) io.stderr(`kept without a claim: ${s.file} sign-off #${s.index + 1} (${s.why})\n`);
        io.stdout(`Added claims to ${done.entries} sign-offs in ${done.files.length} files. Review the patch (git diff) before committing: each claim records the cells as they read now.\n`);
        return;
      }
      // The markdown format links each feature under this URL: one a link can carry.
      if (options.siteUrl !== undefined && markdownLink('site', options.siteUrl) === undefined) throw new UsageError(`Unexpected --site-url \`${options.siteUrl}\`, expected an http(s) URL without spaces, brackets or pipes`);
      const queue = await signoffs({ cwd: io.cwd, dir, today: today(options.today), ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}) });
      io.stdout(queueFormats[options.format]?.(queue) ?? '');
    });

  program
    .command('signoff')
    .description('sign off a feature row as it reads now: writes the sign-off entry with its claim (and an SSH signature with --key) into the feature file')
    .argument('<feature>', 'feature id or alias')
    .option('--ref <url>', 'URL or message id of the security review (required unless --revoke)')
    .option('--revoke <n>', 'withdraw sign-off number n of the feature instead (as findings number them); needs --reason', parseEntryNumber)
    .option('--reason <text>', 'with --revoke: why the sign-off is withdrawn')
    .option('--arch <id>', 'sign one arch only (default: every arch where the row applies with the status)')
    .option('--variant <id>', "sign a variant's row (default: the feature's own row)")
    .option('--status <name>', 'sign the cells of this status (when the row has cells of several statuses that need a sign-off)')
    .option('--by <member>', 'roster member id (default: the member whose `keys` hold the public key of --key)')
    .option('--key <path>', 'private SSH key to sign the claim with (ssh-keygen -Y sign -n support-matrix-signoff)')
    .option('-d, --dir <dir>', 'features directory holding project.yml', 'features')
    .option('--today <date>', 'date of the sign-off (YYYY-MM-DD); default: today', parseDate)
    .addHelpText('after', '\nRefuses when the feature has errors other than the missing sign-off. See README "Signing off".')
    .action(async (feature: string, options: { ref?: string; revoke?: number; reason?: string; arch?: string; variant?: string; status?: string; by?: string; key?: string; dir: string; today?: string }) => {
      const who = { ...(options.by !== undefined ? { by: options.by } : {}), ...(options.key !== undefined ? { key: options.key } : {}) };
      if (options.revoke !== undefined) {
        if (options.reason === undefined || options.reason.trim() === '') throw new UsageError('--revoke needs --reason <why the sign-off is withdrawn>');
        const done = await revokeSignoff({ cwd: io.cwd, dir: options.dir, feature, index: options.revoke, reason: options.reason, today: today(options.today), ...who });
        io.stdout(`Revoked sign-off #${options.revoke} in ${done.file} as ${done.by}${done.signed ? ' (signed)' : ''}\n`);
        return;
      }
      if (options.ref === undefined) throw new UsageError('Give the review: --ref <URL or message id>');
      const ref = options.ref;
      const done = await signoff({ cwd: io.cwd, dir: options.dir, feature, ref, today: today(options.today), ...(options.arch !== undefined ? { arch: options.arch } : {}), ...(options.variant !== undefined ? { variant: options.variant } : {}), ...(options.status !== undefined ? { status: options.status } : {}), ...(options.by !== undefined ? { by: options.by } : {}), ...(options.key !== undefined ? { key: options.key } : {}) });
      io.stdout(`Signed off ${done.status} on ${done.arches.join(', ')} in ${done.file} as ${done.by}${done.signed ? ' (signed)' : ''}; claim sha256 ${done.claim.sha256}\n`);
    });

  program
    .command('export')
    .description('write the matrix for downstreams: json (with its own schema), csv, support-md (SUPPORT.md-style), atom or jsonfeed (change feeds), and the shapes downstream tools read: endoflife (endoflife.date API v1), openeox, security-support-limited and security-support-ended (Debian\'s lists), ical, upcoming (the next 90 days), badge (shields.io endpoint) and badge-svg')
    .argument('[dir]', 'features directory holding project.yml (default: "features")')
    .option('-d, --dir <dir>', 'the features directory, as [dir]')
    .addOption(new Option('-f, --format <name>', 'export format').choices([...EXPORT_FORMATS]).default('json'))
    .option('-r, --release <name>', 'export this release (read from git) instead of the working tree; with endoflife, openeox and ical, any release of project.yml (its dates)')
    .option('--id <identifier>', 'badge and badge-svg: the feature, variant, cell or release, by its stable identifier (`<project>:<feature-id>[:<variant>][@<arch>]`, `<project>@<release>`)')
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .option('--today <date>', 'date for release states and sign-off coverage (YYYY-MM-DD); default: today', parseDate)
    .option('--site-url <url>', 'base URL of the published site, for absolute links (feeds, calendars, badges, the Debian lists, endoflife.date and OpenEoX)')
    .option('--force', 'replace an --out file that support-matrix export did not write')
    .addHelpText('after', '\nThe working tree must pass check. JSON is described by schema/export.schema.json; the downstream formats, their schemas and stability are in the README ("For downstreams").\nAn existing --out file is replaced only if export wrote it (or with --force; always with --force for badges, which carry no mark of who wrote them).')
    .action(async (given: string | undefined, options: { format: ExportFormat; release?: string; out?: string; today?: string; siteUrl?: string; force?: boolean; dir?: string; id?: string }) => {
      siteUrlOption(options.siteUrl);
      const dir = featuresDir(given, options.dir);
      const target = options.out === undefined ? undefined : path.resolve(io.cwd, options.out);
      // Before the work: a refused target is a usage error.
      if (target !== undefined) await assertExportTarget(target, { cwd: io.cwd, features: path.resolve(io.cwd, dir) }, options.force === true, options.out);
      const result = await exportCorpus({
        cwd: io.cwd,
        dir,
        format: options.format,
        today: today(options.today),
        ...(options.release !== undefined ? { release: options.release } : {}),
        ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}),
        ...(options.id !== undefined ? { id: options.id } : {}),
      });
      if (!result.ok) {
        io.stdout(formatters['stylish']?.(result.diagnostics, { color, version }) ?? '');
        io.stderr('support-matrix: not exported: fix the errors above\n');
        exitCode = EXIT.findings;
        return;
      }
      if (target === undefined) {
        io.stdout(result.text);
        return;
      }
      await assertExportTarget(target, { cwd: io.cwd, features: path.resolve(io.cwd, dir) }, options.force === true, options.out);
      await writeReplacing(target, result.text);
      io.stderr(`Wrote ${options.out}\n`);
    });

  const imports = program.command('import').description('convert existing support statements into feature files');
  imports
    .command('support-md')
    .description('convert a classic SUPPORT.md into feature files, project.yml, a roster and a sign-off baseline')
    .argument('<file>', 'the SUPPORT.md to read')
    .requiredOption('-o, --out <dir>', 'features directory to write')
    .option('--release <name>', 'release name (default: the <Project>-Version value)')
    .option('--ref <ref>', 'git ref of that release (default: the release name)')
    .option('--force', 'import into a non-empty --out: merges into the feature files there (only what the statement states changes; aliases, sign-offs, ids, other keys and edited prose stay; every change is in the report), replaces the other files an earlier import wrote only while unchanged, and names every file it left alone')
    .option('--today <date>', 'date for the check after the import (YYYY-MM-DD); default: today', parseDate)
    .action(async (file: string, options: { out: string; release?: string; ref?: string; force?: boolean; today?: string }) => {
      const result = await importSupportMdFile({
        cwd: io.cwd,
        file,
        out: options.out,
        today: today(options.today),
        ...(options.release !== undefined ? { release: options.release } : {}),
        ...(options.ref !== undefined ? { ref: options.ref } : {}),
        ...(options.force ? { force: true } : {}),
      });
      io.stdout(`${result.report.split('\n')[0] ?? ''}\nReport: ${path.join(options.out, IMPORT_REPORT)}\n`);
      // File names come from the directory, which a patch may fill: printed escaped.
      if (result.removed.length > 0) io.stdout(`Removed ${result.removed.length} ${result.removed.length === 1 ? 'file' : 'files'} of the earlier import that the statement no longer has: ${result.removed.map(printable).join(', ')}\n`);
      const changedFiles = result.merged.filter((m) => m.changes.length > 0);
      if (result.merged.length > 0) io.stdout(`Merged the statement into ${result.merged.length} existing feature ${result.merged.length === 1 ? 'file' : 'files'} (${changedFiles.length} changed; hand-added fields kept); each change is in the report\n`);
      for (const kept of result.kept) io.stderr(`support-matrix: warning: kept ${printable(path.join(options.out, kept.path))}: ${KEPT_REASONS[kept.reason]}\n`);
      if (result.untouched.length > 0) {
        const shown = result.untouched.slice(0, 12).map(printable).join(', ') + (result.untouched.length > 12 ? `, and ${result.untouched.length - 12} more` : '');
        io.stderr(`support-matrix: warning: left alone in ${options.out} (not written by an import): ${shown}\n`);
      }
      const text = formatters['stylish']?.(result.diagnostics, { color, version }) ?? '';
      if (text) io.stdout(text);
      exitCode = result.diagnostics.some((d) => d.severity === 'error') ? EXIT.findings : EXIT.ok;
    });

  imports
    .command('pandoc-feature')
    .description('convert feature documents in the older pandoc template into feature files, merged into matching imported features')
    .argument('<files...>', 'the .pandoc documents to read')
    .requiredOption('-o, --out <dir>', 'features directory (with project.yml) to write into')
    .option('--section <name>', 'section for new features (default: Imported; added to project.yml if missing)')
    .option('--today <date>', 'date for the check after the import (YYYY-MM-DD); default: today', parseDate)
    .action(async (files: string[], options: { out: string; section?: string; today?: string }) => {
      const result = await importPandocFeatureFiles({ cwd: io.cwd, files, out: options.out, today: today(options.today), ...(options.section !== undefined ? { section: options.section } : {}) });
      const by = (how: string): number => result.matches.filter((m) => m.how === how).length;
      const ways = (['id', 'alias', 'title', 'fuzzy-title'] as const).filter((how) => by(how) > 0).map((how) => `${by(how)} by ${HOW_WORDS[how]}`);
      const why = (reason: string): number => result.skipped.filter((k) => k.reason === reason).length;
      const skips = [why('template') > 0 ? `${why('template')} the template` : '', why('ambiguous') > 0 ? `${why('ambiguous')} ambiguous` : ''].filter((w) => w !== '');
      io.stdout(
        `Read ${files.length} ${files.length === 1 ? 'document' : 'documents'}: ${result.written.length} new feature files, ${result.merged.length} merged into existing ones${ways.length > 0 ? ` (${ways.join(', ')})` : ''}, ${result.skipped.length} skipped${skips.length > 0 ? ` (${skips.join(', ')})` : ''}; ${result.notes.length} notes\n`,
      );
      for (const note of result.notes) io.stdout(`${note.file}:${note.line}:${note.column}  ${note.kind}  ${note.message}\n`);
      const text = formatters['stylish']?.(result.diagnostics, { color, version }) ?? '';
      if (text) io.stdout(text);
      // A document left out because its title matches several features needs a decision: a finding, like an error.
      exitCode = result.diagnostics.some((d) => d.severity === 'error') || why('ambiguous') > 0 ? EXIT.findings : EXIT.ok;
    });

  program
    .command('new')
    .description('scaffold a feature file with valid frontmatter and the headings of a good feature doc')
    .argument('<id>', 'feature id, also its path under the features directory (e.g. guest-types/pvh)')
    .option('-d, --dir <dir>', 'features directory', 'features')
    .option('--title <title>', 'feature title (default: from the id)')
    .option('--section <section>', 'section from project.yml (default: the first)')
    .option('--status <status>', 'status from the vocabulary (default: the first, usually Experimental)')
    .action(async (id: string, options: { dir: string; title?: string; section?: string; status?: string }) => {
      const file = await newFeature({ cwd: io.cwd, id, ...options });
      io.stdout(`Created ${relative(io.cwd, file)}\nNext: fill in the summary and prose, then run \`support-matrix check ${options.dir}\`\n`);
    });

  program
    .command('init')
    .description('create a new features directory: project.yml, a roster and one example feature')
    .argument('[dir]', 'directory to create (default: "features")')
    .option('-d, --dir <dir>', 'the directory to create, as [dir]')
    .option('--name <name>', 'project name (default: the current directory name)')
    .option('--today <date>', 'date for the example sign-off (YYYY-MM-DD); default: today', parseDate)
    .action(async (given: string | undefined, options: { name?: string; today?: string; dir?: string }) => {
      const dir = featuresDir(given, options.dir);
      const files = await init({ cwd: io.cwd, dir, today: today(options.today), ...(options.name ? { name: options.name } : {}) });
      io.stdout(`Created ${files.map((f) => relative(io.cwd, f)).join(', ')}\nNext: support-matrix check ${dir}\n`);
    });

  try {
    // `-V` for the version too, as most Node CLIs spell it (commander takes one short flag).
    await program.parseAsync(argv.map((arg, i) => (arg === '-V' && argv.slice(0, i).every((a) => a.startsWith('-')) ? '-v' : arg)), { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.failure;
    }
    const debug = argv.includes('--debug') || io.env['SUPPORT_MATRIX_DEBUG'] !== undefined;
    const stack = (e: unknown): string => (debug && e instanceof Error && e.stack !== undefined ? `${e.stack}\n` : '');
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof LockTimeout) {
      io.stderr(`support-matrix: ${error.message}\n${stack(error)}`);
      return EXIT.failure;
    }
    // Permissions, a full disk, a path that is a file: the user's to fix, not a bug.
    const system = systemErrorOf(error);
    if (system !== undefined) {
      io.stderr(`support-matrix: ${describeSystemError(system)}\n${stack(error)}`);
      return EXIT.failure;
    }
    io.stderr(`support-matrix: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nPlease report this with the command you ran.\n`);
    return EXIT.failure;
  }
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`Unexpected --max-warnings \`${value}\`, expected a whole number`);
  return Number(value);
}

function parseEntryNumber(value: string): number {
  if (!/^[1-9]\d{0,5}$/.test(value)) throw new UsageError(`Unexpected --revoke \`${value}\`, expected a sign-off number (1 for the first entry of \`signoffs\`)`);
  return Number(value);
}

function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`Unexpected port \`${value}\`, expected a number from 0 to 65535`);
  return Number(value);
}

function parseDate(value: string): string {
  // dayNumber, not Date.parse: Date.parse accepts 2026-02-30.
  if (dayNumber(value) === undefined) throw new UsageError(`Unexpected date \`${value}\`, expected a real YYYY-MM-DD date`);
  return value;
}

function relative(cwd: string, file: string): string {
  return file.startsWith(cwd + '/') ? file.slice(cwd.length + 1) : file;
}
