// Builds killed with SIGKILL at many points, and builds racing into the same
// output directory: the output is always one whole site, never a mix, and
// never lost. Real processes, real files.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate.js';
import { LockTimeout, withLock } from '../../src/cli/commands/lock.js';
import { UsageError } from '../../src/cli/errors.js';
import { repoRoot } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';
import { snapshot } from '../helpers/site.js';

const BIN = path.join(repoRoot, 'bin/support-matrix.js');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  ms: number;
}

/** Starts `support-matrix build` in `cwd`; `kill(ms)` sends SIGKILL after `ms`; `killWhileRendering(ms)` sends it `ms` after the build's working directory appears. */
function startBuild(cwd: string, revision: string, out = '_site'): { done: Promise<Run>; stderr: () => string; kill: (ms: number) => void; killWhileRendering: (ms: number) => void } {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'build', 'features', '--today', TODAY, '--revision', revision, '--no-cache', '--out', out], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Run>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr, ms: performance.now() - started })));
  let exited = false;
  void done.then(() => (exited = true));
  const killWhileRendering = async (ms: number): Promise<void> => {
    while (!exited && !(await readdir(cwd)).some((name) => name.startsWith(`.${out}.building-`))) await sleep(2);
    await sleep(ms);
    child.kill('SIGKILL');
  };
  return { done, stderr: () => stderr, kill: (ms) => void sleep(ms).then(() => child.kill('SIGKILL')), killWhileRendering: (ms) => void killWhileRendering(ms) };
}

/** Names beside the output that a build leaves while working. */
async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.startsWith('._site.'));
}

describe('builds killed with SIGKILL and builds at the same time', () => {
  let dir: string;
  const sites: Record<string, Record<string, string>> = {};
  let duration = 0;

  beforeAll(async () => {
    dir = await tempDir();
    generate(dir, 150);
    // The two possible whole sites, built on their own.
    for (const revision of ['one', 'two']) {
      const run = await startBuild(dir, revision, `whole-${revision}`).done;
      expect(run.code, run.stderr).toBe(0);
      duration = Math.max(duration, run.ms);
      sites[revision] = await snapshot(path.join(dir, `whole-${revision}`));
    }
    expect(sites['one']).not.toEqual(sites['two']);
    const first = await startBuild(dir, 'one').done;
    expect(first.code, first.stderr).toBe(0);
    // Kill points are fractions of a build like the ones killed (into an
    // existing _site, caches warm), not of the slower first builds above.
    duration = first.ms;
  }, 120_000);

  it('a build killed at any point leaves the previous site whole, or the new one whole', async () => {
    // Points spread over the whole build, from start-up to after the swap,
    // three more drawn (seeded) near its end, where the swap happens, and two
    // taken from the build itself: as soon as, and shortly after, its working
    // directory appears (fractions alone depend on how fast this machine is).
    let seed = 20261122;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const points: (number | string)[] = [0.1, 0.3, 'rendering+0', 0.5, 0.7, 'rendering+20', 0.85, 0.95, 1.0, 1.4, ...[0, 1, 2].map(() => 0.9 + random() * 0.15)];
    let current = 'one';
    const outcomes: string[] = [];
    let sawWork = false;
    for (const point of points) {
      const next = current === 'one' ? 'two' : 'one';
      const build = startBuild(dir, next);
      if (typeof point === 'number') build.kill(Math.round(duration * point));
      else build.killWhileRendering(Number(point.split('+')[1]));
      const run = await build.done;
      const site = path.join(dir, '_site');
      if ((await leftovers(dir)).some((name) => name.includes('.building-'))) sawWork = true;
      if (existsSync(site)) {
        const now = await snapshot(site);
        const whole = Object.entries(sites).find(([, files]) => JSON.stringify(files) === JSON.stringify(now))?.[0];
        expect(whole, `after a kill at ${point} of the build, _site is neither whole site`).toBeDefined();
        outcomes.push(run.signal === 'SIGKILL' ? `killed→${whole}` : `finished→${whole}`);
        current = whole ?? current;
      } else {
        // Killed between the two renames of the swap: the previous site waits
        // aside, and the next build, even one that fails, puts it back.
        outcomes.push('between renames');
        const failing = await new Promise<number | null>((resolve) => spawn(process.execPath, [BIN, 'build', 'no-such-dir', '--out', '_site'], { cwd: dir }).on('exit', resolve));
        expect(failing).toBe(2);
        expect(await snapshot(site)).toEqual(sites[current]);
      }
    }
    // Not vacuous: some kills landed while a build was rendering.
    expect(sawWork, outcomes.join(', ')).toBe(true);
    expect(outcomes.some((o) => o.startsWith('killed'))).toBe(true);

    // The next build clears what killed builds left behind (temp dirs, a stale lock).
    const last = await startBuild(dir, 'two').done;
    expect(last.code, last.stderr).toBe(0);
    expect(await snapshot(path.join(dir, '_site'))).toEqual(sites['two']);
    expect(await leftovers(dir)).toEqual([]);
  }, 180_000);

  it('two builds into the same directory at once take turns: the result is one whole site, nothing left over', async () => {
    for (let round = 0; round < 2; round++) {
      // This test holds the lock until both builds wait on it, so that when it
      // lets go both are at the lock together, however slow the machine: one
      // takes it, the other waits for that one.
      let started: [ReturnType<typeof startBuild>, ReturnType<typeof startBuild>] | undefined;
      await withLock(path.join(dir, '._site.lock'), async () => {
        started = [startBuild(dir, 'one'), startBuild(dir, 'two')];
        const deadline = Date.now() + 120_000;
        while (!started.every((build) => build.stderr().includes(`waiting for another build (process ${process.pid})`))) {
          expect(Date.now() < deadline, started.map((build) => build.stderr()).join('\n')).toBe(true);
          await sleep(20);
        }
      });
      const [ra, rb] = await Promise.all([started![0].done, started![1].done]);
      expect(ra.code, ra.stderr).toBe(0);
      expect(rb.code, rb.stderr).toBe(0);
      const now = JSON.stringify(await snapshot(path.join(dir, '_site')));
      expect([JSON.stringify(sites['one']), JSON.stringify(sites['two'])]).toContain(now);
      expect(await leftovers(dir)).toEqual([]);
    }
  }, 240_000);
});

describe('withLock', () => {
  it('runs tasks on the same lock one after the other', async () => {
    const lock = path.join(await tempDir(), '.out.lock');
    const events: string[] = [];
    let waited = 0;
    const task = (name: string) => async () => {
      events.push(`${name} start`);
      await sleep(150);
      events.push(`${name} end`);
    };
    await Promise.all([withLock(lock, task('a')), sleep(20).then(() => withLock(lock, task('b'), { onWait: () => waited++ }))]);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect(waited).toBe(1);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over the lock of a process that is gone, and of a writer that died before filling it', async () => {
    const dir = await tempDir();
    const lock = path.join(dir, '.out.lock');
    const gone = spawn(process.execPath, ['-e', '']);
    const pid = gone.pid ?? 0;
    await new Promise((resolve) => gone.on('exit', resolve));
    await writeFile(lock, JSON.stringify({ pid, host: hostname(), started: Date.now() }));
    expect(await withLock(lock, async () => 'ran', { timeout: 2_000 })).toBe('ran');

    await writeFile(lock, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    expect(await withLock(lock, async () => 'ran again', { timeout: 2_000 })).toBe('ran again');
  });

  it('waits for a live holder, and says who holds it when it gives up', async () => {
    const lock = path.join(await tempDir(), '.out.lock');
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), started: Date.now() }));
    const error = await withLock(lock, async () => 'never', { timeout: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeout);
    expect(String((error as Error).message)).toContain(`process ${process.pid}`);
    expect(await readFile(lock, 'utf8')).toContain(String(process.pid));
    await rm(lock);
  });

  it('takes over a lock another host took more than 30 minutes ago, and waits for one it took just now', async () => {
    const lock = path.join(await tempDir(), '.out.lock');
    await writeFile(lock, JSON.stringify({ pid: 1, host: 'elsewhere', started: Date.now() - 31 * 60_000 }));
    expect(await withLock(lock, async () => 'ran', { timeout: 2_000 })).toBe('ran');
    await writeFile(lock, JSON.stringify({ pid: 1, host: 'elsewhere', started: Date.now() }));
    const error = await withLock(lock, async () => 'never', { timeout: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeout);
    expect(String((error as Error).message)).toContain('process 1 on elsewhere');
  });

  it('never removes a file in the lock\'s place that is not a lock: a directory at once, other content once it has settled', async () => {
    const dir = await tempDir();
    const lock = path.join(dir, '.out.lock');
    await mkdir(lock);
    await writeFile(path.join(lock, 'x'), 'mine\n');
    const error = await withLock(lock, async () => 'never', { timeout: 2_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(String((error as Error).message)).toContain('is in the way of the build\'s lock file: it is a directory');
    expect(await readFile(path.join(lock, 'x'), 'utf8')).toBe('mine\n');

    const notes = path.join(dir, '.notes.lock');
    await writeFile(notes, 'my notes\n');
    const old = new Date(Date.now() - 60_000);
    await utimes(notes, old, old);
    const refused = await withLock(notes, async () => 'never', { timeout: 2_000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UsageError);
    expect(await readFile(notes, 'utf8')).toBe('my notes\n');
  });

  it('does not wait for a holder dated in the future, and prints a holder\'s host name only as a short printable excerpt', async () => {
    const dir = await tempDir();
    const lock = path.join(dir, '.out.lock');
    // Forged: a start in the future would never go stale. Not a holder: refused once settled, never removed.
    await writeFile(lock, JSON.stringify({ pid: 1, host: 'elsewhere', started: 1e300 }));
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    const refused = await withLock(lock, async () => 'never', { timeout: 2_000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UsageError);
    expect(await readFile(lock, 'utf8')).toContain('1e+300');

    const escape = path.join(dir, '.escape.lock');
    await writeFile(escape, JSON.stringify({ pid: 1, host: `ci\u001b]2;owned\u0007${'x'.repeat(500)}`, started: Date.now() }));
    const error = await withLock(escape, async () => 'never', { timeout: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeout);
    const message = String((error as Error).message);
    expect(message).not.toMatch(/[\u0000-\u001f]/);
    expect(message).toContain('ci\\u001B]2;owned');
    expect(message.length).toBeLessThan(400);
  });
});
