import { spawn as nodeSpawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** A git object read through `cat-file --batch`. */
export interface GitObject {
  oid: string;
  type: 'blob' | 'tree' | 'commit' | 'tag';
  content: Buffer;
  /** Size in bytes, from git's header. */
  size: number;
  /** A blob over the reader's `maxBlobSize`: its bytes were read past, not kept, and `content` is empty. */
  skipped?: true;
}

/** `spawn` as the reader uses it; tests pass a counting wrapper around the real one. */
export type Spawn = (command: string, args: readonly string[], options: { cwd: string }) => ChildProcessWithoutNullStreams;

/** Where a directory sits in its repository. */
export interface RepoLocation {
  /** Absolute path of the work tree root. */
  root: string;
  /** Path of the directory inside the repository, without trailing slash (`''` at the root). */
  prefix: string;
  /** Bytes of an object id: 20 (sha1) or 32 (sha256). */
  oidBytes: number;
}

/** Thrown when the directory is not in a git repository, or git is missing. */
export class NotARepository extends Error {}

interface Pending {
  spec: string;
  resolve: (object: GitObject | undefined) => void;
  reject: (error: Error) => void;
}

/**
 * Reads any number of git objects through ONE long-lived `git cat-file
 * --batch` process: requests are written to its stdin in order and answers
 * parsed from its stdout in the same order, so reading 10 releases of 10,000
 * files costs two processes (this one and `rev-parse`), not one per file.
 */
export class GitObjects {
  readonly #process: ChildProcessWithoutNullStreams;
  readonly #queue: Pending[] = [];
  #buffer: Buffer = Buffer.alloc(0);
  #header: { oid: string; type: GitObject['type']; size: number; skip: boolean; remaining: number } | undefined;
  #failed: Error | undefined;

  private constructor(
    readonly location: RepoLocation,
    spawn: Spawn,
    readonly maxBlobSize: number,
  ) {
    this.#process = spawn('git', ['cat-file', '--batch'], { cwd: location.root });
    this.#process.stdout.on('data', (chunk: Buffer) => {
      this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
      this.#drain();
    });
    const fail = (error: Error): void => {
      this.#failed = error;
      for (const pending of this.#queue.splice(0)) pending.reject(error);
    };
    this.#process.on('error', fail);
    this.#process.on('exit', (code) => {
      if (this.#queue.length > 0) fail(new Error(`git cat-file exited with code ${String(code)}`));
    });
    this.#process.stdin.on('error', fail);
  }

  /**
   * Opens the repository that holds `dir`. Blobs over `maxBlobSize` bytes are
   * read past without being kept (history may hold files of any size).
   */
  static async open(dir: string, spawn: Spawn = nodeSpawn as Spawn, maxBlobSize = Number.POSITIVE_INFINITY): Promise<GitObjects> {
    const out = await run(spawn, ['rev-parse', '--show-toplevel', '--show-prefix', '--show-object-format'], dir).catch((error: unknown) => {
      throw new NotARepository(`${dir} is not in a git repository (${error instanceof Error ? error.message : String(error)})`);
    });
    const [root = '', prefix = '', format = 'sha1'] = out.split('\n');
    return new GitObjects({ root, prefix: prefix.replace(/\/$/, ''), oidBytes: format === 'sha256' ? 32 : 20 }, spawn, maxBlobSize);
  }

  /** Reads an object by any revision spec (`v1.0:features`, an oid); undefined when it does not exist. */
  read(spec: string): Promise<GitObject | undefined> {
    if (/[\n\r]/.test(spec)) return Promise.reject(new Error(`Unexpected line break in git spec ${JSON.stringify(spec)}`));
    if (this.#failed) return Promise.reject(this.#failed);
    return new Promise((resolve, reject) => {
      this.#queue.push({ spec, resolve, reject });
      this.#process.stdin.write(`${spec}\n`);
    });
  }

  /**
   * Every file below the tree at `spec` that `keep` accepts (directories are
   * asked too, so whole subtrees can be skipped), by path relative to it.
   * Requests for a whole level are written at once, so git answers them back
   * to back. Symlinks and submodules are listed in `skipped`, not followed.
   */
  async readFiles(spec: string, keep: (path: string, directory: boolean) => boolean = () => true): Promise<{ files: Map<string, Buffer>; skipped: string[]; tooLarge: Map<string, number> } | undefined> {
    const root = await this.read(spec);
    if (!root || root.type !== 'tree') return undefined;
    const files = new Map<string, Buffer>();
    const skipped: string[] = [];
    const tooLarge = new Map<string, number>();
    let level: Array<{ path: string; tree: Buffer }> = [{ path: '', tree: root.content }];
    while (level.length > 0) {
      const entries = level.flatMap(({ path, tree }) => parseTree(tree, this.location.oidBytes).map((e) => ({ ...e, path: path === '' ? e.name : `${path}/${e.name}` })));
      const wanted = entries.filter((e) => {
        const directory = e.mode === '40000';
        if (!directory && !e.mode.startsWith('100')) {
          // Symlinks (120000) and submodules (160000) are not followed.
          skipped.push(e.path);
          return false;
        }
        // Only what the caller wants is fetched: no blob is read to be thrown away.
        return keep(e.path, directory);
      });
      const objects = await Promise.all(wanted.map((e) => this.read(e.oid)));
      level = [];
      wanted.forEach((entry, i) => {
        const object = objects[i];
        if (!object) return;
        if (object.type === 'tree') level.push({ path: entry.path, tree: object.content });
        else if (object.type === 'blob' && object.skipped) tooLarge.set(entry.path, object.size);
        else if (object.type === 'blob') files.set(entry.path, object.content);
      });
    }
    return { files, skipped, tooLarge };
  }

  /** Ends the git process. */
  close(): void {
    this.#process.stdin.end();
  }

  #drain(): void {
    for (;;) {
      if (!this.#header) {
        const newline = this.#buffer.indexOf(0x0a);
        if (newline === -1) return;
        const line = this.#buffer.subarray(0, newline).toString('utf8');
        this.#buffer = this.#buffer.subarray(newline + 1);
        const pending = this.#queue.shift();
        if (!pending) continue;
        const [oid = '', type = '', size = ''] = line.split(' ');
        if (type === 'missing' || type === 'ambiguous' || !/^\d+$/.test(size)) {
          pending.resolve(undefined);
          continue;
        }
        const bytes = Number(size);
        // Content, then one newline.
        this.#header = { oid, type: type as GitObject['type'], size: bytes, skip: type === 'blob' && bytes > this.maxBlobSize, remaining: bytes + 1 };
        this.#queue.unshift(pending);
      }
      const header = this.#header;
      if (header.skip) {
        // Dropped as it streams by: an oversized blob never sits in memory.
        const take = Math.min(this.#buffer.length, header.remaining);
        this.#buffer = this.#buffer.subarray(take);
        header.remaining -= take;
        if (header.remaining > 0) return;
        this.#header = undefined;
        this.#queue.shift()?.resolve({ oid: header.oid, type: header.type, content: Buffer.alloc(0), size: header.size, skipped: true });
        continue;
      }
      if (this.#buffer.length < header.size + 1) return;
      const content = Buffer.from(this.#buffer.subarray(0, header.size));
      this.#buffer = this.#buffer.subarray(header.size + 1);
      this.#header = undefined;
      this.#queue.shift()?.resolve({ oid: header.oid, type: header.type, content, size: header.size });
    }
  }
}

/** Entries of a raw tree object: `<mode> <name>\0<oid bytes>` repeated. */
function parseTree(tree: Buffer, oidBytes: number): Array<{ mode: string; name: string; oid: string }> {
  const entries: Array<{ mode: string; name: string; oid: string }> = [];
  let i = 0;
  while (i < tree.length) {
    const space = tree.indexOf(0x20, i);
    const nul = tree.indexOf(0x00, space);
    if (space === -1 || nul === -1) break;
    entries.push({
      mode: tree.subarray(i, space).toString('ascii'),
      name: tree.subarray(space + 1, nul).toString('utf8'),
      oid: tree.subarray(nul + 1, nul + 1 + oidBytes).toString('hex'),
    });
    i = nul + 1 + oidBytes;
  }
  return entries;
}

function run(spawn: Spawn, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn('git', args, { cwd });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(err.trim() || `git ${args[0] ?? ''} exited with ${String(code)}`))));
  });
}
