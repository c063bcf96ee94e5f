/**
 * Real git repositories in temporary directories, for the release tests.
 * Every git command runs with `cwd` inside the temporary repository, never
 * in the project's own checkout.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/corpus.js';
import { projectOf, seal, type ClaimMemory } from '../helpers/seal.js';

/** A temporary directory, removed when the test file ends (see `tempDir`). */
export const scratchDir = tempDir;

/** Files by path relative to the repository root; `null` deletes the file. */
export type RepoFiles = Record<string, string | null>;

/** Pinned dates, so commit ids do not depend on the clock. */
const DATE = '2025-01-01T00:00:00Z';

/** A git repository in a temporary directory (removed when the test file ends). */
export class Repo {
  #commits = 0;
  /** Claims sealed so far: a sign-off written again in a later commit keeps its claim. */
  readonly #claims: ClaimMemory = new Map();

  private constructor(readonly dir: string) {}

  /** `git init` in a fresh temporary directory, with a local identity and no signing. */
  static async create(): Promise<Repo> {
    const repo = new Repo(await scratchDir());
    repo.git('init', '-q', '-b', 'main');
    repo.git('config', 'user.name', 'Release Tester');
    repo.git('config', 'user.email', 'tester@example.org');
    repo.git('config', 'commit.gpgsign', 'false');
    repo.git('config', 'tag.gpgsign', 'false');
    repo.git('config', 'core.autocrlf', 'false');
    return repo;
  }

  /** A clone of this repository in another temporary directory, with `ref` checked out (tags come along). */
  async clone(ref: string): Promise<Repo> {
    const dir = await scratchDir();
    execFileSync('git', ['clone', '-q', '--no-hardlinks', this.dir, '.'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const repo = new Repo(dir);
    repo.git('-c', 'advice.detachedHead=false', 'checkout', '-q', ref);
    repo.git('config', 'user.name', 'Release Tester');
    repo.git('config', 'user.email', 'tester@example.org');
    repo.git('config', 'commit.gpgsign', 'false');
    return repo;
  }

  /** Runs git in the repository and returns its stdout. */
  git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_AUTHOR_DATE: DATE, GIT_COMMITTER_DATE: DATE, GIT_CONFIG_NOSYSTEM: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
  }

  /**
   * Writes (or with `null` deletes) files relative to the repository root.
   * Feature files get the claims `support-matrix signoff` would write
   * (helpers/seal.ts), judged with the project.yml written beside them.
   */
  write(files: RepoFiles, options: { seal?: boolean } = {}): this {
    for (const [rel, text] of Object.entries(files)) {
      const abs = path.join(this.dir, rel);
      if (text === null) {
        rmSync(abs, { force: true });
        continue;
      }
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, options.seal === false ? text : this.#sealed(rel, text, files));
    }
    return this;
  }

  #sealed(rel: string, text: string, files: RepoFiles): string {
    const match = /^(.*\/)?features\/(.+\.md)$/.exec(rel);
    if (!match) return text;
    const projectPath = `${match[1] ?? ''}features/project.yml`;
    const projectText = files[projectPath] ?? (existsSync(path.join(this.dir, projectPath)) ? readFileSync(path.join(this.dir, projectPath), 'utf8') : undefined);
    const project = projectText ? projectOf(projectText) : undefined;
    return project ? seal(text, project, match[2], this.#claims) : text;
  }

  /** Writes files relative to `features/`. */
  features(files: RepoFiles, options: { seal?: boolean } = {}): this {
    return this.write(Object.fromEntries(Object.entries(files).map(([rel, text]) => [`features/${rel}`, text])), options);
  }

  /** Removes every `*.md` file under `features/`, keeping project.yml and the roster. */
  clearFeatures(): this {
    const root = path.join(this.dir, 'features');
    if (!existsSync(root)) return this;
    for (const rel of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (rel.endsWith('.md')) rmSync(path.join(root, rel), { force: true });
    }
    return this;
  }

  /** Stages everything and commits; returns the new commit id. */
  commit(message = `commit ${this.#commits + 1}`): string {
    this.#commits++;
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** A lightweight tag at HEAD (or at `at`). */
  tag(name: string, at = 'HEAD'): this {
    this.git('tag', name, at);
    return this;
  }

  /** A branch at HEAD, without switching to it. */
  branch(name: string, at = 'HEAD'): this {
    this.git('branch', name, at);
    return this;
  }

  /** Commits the current files and tags the commit. */
  release(tag: string): string {
    const oid = this.commit(`release ${tag}`);
    this.tag(tag);
    return oid;
  }
}

// ---------------------------------------------------------------------------
// Small corpora

/** The sign-off date every corpus uses; before TODAY and inside alice's term. */
export const SIGNED = '2025-01-10';

/** project.yml without releases: two arches (three with `riscv`), two sections, the default vocabulary. */
export function projectYml(options: { arches?: string[]; releases?: string; extra?: string } = {}): string {
  const arches = options.arches ?? ['x86', 'arm'];
  return `name: Release Test Hypervisor
repository: https://git.example.org/release-test
architectures:
${arches.map((a) => `  - id: ${a}\n    name: ${a.toUpperCase()}\n`).join('')}statuses:
  - name: Experimental
    security-supported: false
  - name: Tech Preview
    security-supported: false
  - name: Supported
    security-supported: true
  - name: Deprecated
    security-supported: true
  - name: Obsolete
    security-supported: false
sections:
  - Guest types
  - Toolstack
${options.extra ?? ''}${options.releases ?? ''}`;
}

/** The roster: one member, active since 2020. */
export const ROSTER = `members:
  - id: alice
    name: Alice Example
    active-from: 2020-01-01
`;

/** One sign-off list entry. */
export function signoff(status = 'Supported', scope: { variant?: string; arch?: string } = {}): string {
  return `  - by: alice
    date: ${SIGNED}
    status: ${status}
${scope.variant !== undefined ? `    variant: ${scope.variant}\n` : ''}${scope.arch !== undefined ? `    arch: ${scope.arch}\n` : ''}    ref: https://lists.example.org/1
`;
}

/** A feature file from frontmatter lines (without the `---` fences) and a short body. */
export function feature(frontmatter: string, body = 'Some prose.\n'): string {
  return `---\n${frontmatter.endsWith('\n') ? frontmatter : `${frontmatter}\n`}---\n\n${body}`;
}

/** A whole-feature statement: `Supported` gets a sign-off, early statuses a known issue. */
export function simple(title: string, section: string, status: string, extra = ''): string {
  const tail = status === 'Supported' ? `signoffs:\n${signoff()}` : status === 'Tech Preview' || status === 'Experimental' ? 'known-issues:\n  - summary: Not hardened yet.\n' : '';
  return feature(`title: ${title}\nsection: ${section}\nstatus: ${status}\n${extra}${tail}`);
}

/** 1-based line and column of the first occurrence of `needle` in `text` (after `after`, if given). */
export function positionOf(text: string, needle: string, after = ''): { line: number; column: number } {
  const start = after === '' ? 0 : text.indexOf(after);
  if (start === -1) throw new Error(`${JSON.stringify(after)} not in text`);
  const index = text.indexOf(needle, start);
  if (index === -1) throw new Error(`${JSON.stringify(needle)} not in text`);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: (before.at(-1) ?? '').length + 1 };
}
