import { open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** Who holds a lock: written into the lock file. */
interface Holder {
  pid: number;
  host: string;
}

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
    if (taken === undefined ? await abandonedEmpty(file) : !alive(taken)) {
      // The holder died without unlocking (or before writing its pid):
      // remove its lock and try again.
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new LockTimeout(file, taken);
    if (!told && taken !== undefined) {
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
    super(`${file} is held${holder ? ` by process ${holder.pid} on ${holder.host}` : ''}; wait for that build to finish, or remove the file if no build is running`);
  }
}

/** true when this process now holds the lock; otherwise the holder, if readable. */
async function tryTake(file: string): Promise<true | Holder | undefined> {
  try {
    const handle = await open(file, 'wx');
    try {
      await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname() } satisfies Holder));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  try {
    const holder = JSON.parse(await readFile(file, 'utf8')) as Partial<Holder>;
    return typeof holder.pid === 'number' && typeof holder.host === 'string' ? { pid: holder.pid, host: holder.host } : undefined;
  } catch {
    // Being written right now, or removed between the open and the read.
    return undefined;
  }
}

/** A lock file without a readable holder for over 5 s: its writer died between creating and filling it. */
async function abandonedEmpty(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > 5_000;
}

/** Whether the holder may still be running: always true for another host, which this process cannot see. */
function alive(holder: Holder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
