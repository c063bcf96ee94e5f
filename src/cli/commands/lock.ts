import { lstat, open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { excerpt } from '../../diagnostics.js';
import { UsageError } from '../errors.js';

/** Who holds a lock, and since when (ms since the epoch): written into the lock file. */
interface Holder {
  pid: number;
  host: string;
  started: number;
}

/**
 * A lock held for longer than this by a process this host cannot see (on
 * another machine) is stale. Builds take seconds to minutes; a lock file
 * committed to a repository, or left by a machine that went away, must not
 * stop every build.
 */
const FOREIGN_STALE_MS = 30 * 60_000;

/** Options of {@link withLock}. */
export interface LockOptions {
  /** Called once when the lock is busy and this process starts waiting. */
  onWait?: (holder: Holder) => void;
  /** Give up after this many ms of waiting. Default 10 minutes. */
  timeout?: number;
}

/**
 * Runs `task` holding an exclusive lock file (created with O_EXCL, holding
 * the pid and host). A lock whose process is gone (on this host) is stale and
 * taken over, so a build killed with SIGKILL does not block the next one.
 *
 * Why not a library such as proper-lockfile: those judge staleness by the
 * lock's mtime, refreshed from a timer, and a live build whose event loop is
 * busy for seconds (Eleventy writes synchronously) would look stale and lose
 * its lock to a second build.
 */
export async function withLock<T>(file: string, task: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeout ?? 600_000);
  let told = false;
  for (;;) {
    const taken = await tryTake(file);
    if (taken === true) break;
    if (taken === 'foreign') {
      // Still unreadable after the grace period: not a lock this tool wrote. Never removed.
      if (await settled(file)) throw new UsageError(`${file} is in the way of the build's lock file: it is not a lock of support-matrix; rename or remove it`);
    } else if (taken === undefined ? await settled(file) : !alive(taken)) {
      // The holder died without unlocking (or before writing its pid):
      // remove its lock and try again.
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new LockTimeout(file, taken === 'foreign' ? undefined : taken);
    if (!told && taken !== undefined && taken !== 'foreign') {
      options.onWait?.(taken);
      told = true;
    }
    await sleep(100);
  }
  try {
    return await task();
  } finally {
    await rm(file, { force: true });
  }
}

/** Thrown when the lock stayed busy past the timeout. */
export class LockTimeout extends Error {
  constructor(file: string, holder: Holder | undefined) {
    super(`${file} is held${holder ? ` by process ${holder.pid} on ${excerpt(holder.host, 64)}` : ''}; wait for that build to finish, or remove the file if no build is running`);
  }
}

/**
 * true when this process now holds the lock; otherwise the holder, if
 * readable; undefined while the file is empty (being written, or its writer
 * died); 'foreign' when it holds something that is not a holder.
 */
async function tryTake(file: string): Promise<true | Holder | 'foreign' | undefined> {
  try {
    const handle = await open(file, 'wx');
    try {
      await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), started: Date.now() } satisfies Holder));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const info = await lstat(file).catch(() => undefined);
  // Removed between the open and now: try again.
  if (info === undefined) return undefined;
  if (!info.isFile()) throw new UsageError(`${file} is in the way of the build's lock file: it is ${info.isDirectory() ? 'a directory' : info.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; rename or remove it`);
  const text = await readFile(file, 'utf8').catch(() => '');
  if (text === '') return undefined;
  try {
    const holder = JSON.parse(text) as Partial<Holder>;
    // A start in the future is no holder's: written by hand, or by a clock this one cannot trust.
    if (Number.isSafeInteger(holder.pid) && (holder.pid as number) > 0 && typeof holder.host === 'string' && typeof holder.started === 'number' && holder.started <= Date.now() + 60_000) {
      return { pid: holder.pid as number, host: holder.host, started: holder.started };
    }
  } catch {
    // Half written, or not ours: settled() tells which.
  }
  return 'foreign';
}

/** A lock file unchanged for over 5 s (or dated in the future): whatever it holds now, it will keep. */
async function settled(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  return info !== undefined && Math.abs(Date.now() - info.mtimeMs) > 5_000;
}

/**
 * Whether the holder may still be running: on this host, whether its process
 * lives; on another, which this process cannot see, whether it took the lock
 * less than {@link FOREIGN_STALE_MS} ago.
 */
function alive(holder: Holder): boolean {
  if (holder.host !== hostname()) return Date.now() - holder.started < FOREIGN_STALE_MS;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
