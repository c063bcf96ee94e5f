import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isRemembered, rememberVerification, verifySignature, type PublicKey, type Verification } from './sshsig.js';

/** Below this many signatures a worker's start-up costs more than it saves. */
const PARALLEL_FROM = 400;

/** A worker's result: a key crosses threads as its blob (a Buffer arrives as a Uint8Array). */
type WireResult = { ok: true; type: PublicKey['type']; blob: Uint8Array; fingerprint: string } | { ok: false; reason: string };

/** One signature to check: its armour and the exact text it should sign. */
export interface VerifyJob {
  armored: string;
  text: string;
}

/**
 * Verifies many signatures at once, on every core: this thread takes one
 * share, a worker each of the others (≈ 75 µs an ed25519 signature, so
 * 4,000 signed sign-offs are a third of `check` on one core). The results
 * are remembered, so the sign-off rule's later `verifySignature` calls
 * return them without verifying again.
 */
export async function verifyAll(jobs: readonly VerifyJob[], namespace: string): Promise<void> {
  const unique = [...new Map(jobs.filter((j) => !isRemembered(j.armored, j.text, namespace)).map((j) => [`${j.armored}\u0000${j.text}`, j])).values()];
  const threads = Math.min(availableParallelism(), Math.ceil(unique.length / PARALLEL_FROM));
  if (threads <= 1) return;
  const chunk = Math.ceil(unique.length / threads);
  const slices = Array.from({ length: threads }, (_, t) => unique.slice(t * chunk, (t + 1) * chunk));
  const [own = [], ...others] = slices;
  const fromWorkers = others.map(
    (slice) =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(workerFile(), { workerData: { jobs: slice, namespace } });
        worker.once('message', (results: WireResult[]) => {
          results.forEach((r, i) => {
            const job = slice[i];
            if (!job) return;
            const result: Verification = r.ok ? { ok: true, key: { type: r.type, blob: Buffer.from(r.blob), fingerprint: r.fingerprint } } : r;
            rememberVerification(job.armored, job.text, namespace, result);
          });
          resolve();
        });
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`signature worker exited with code ${code}`));
        });
      }),
  );
  // This thread's share meanwhile; verifySignature keeps nothing itself, so remember each result.
  for (const job of own) rememberVerification(job.armored, job.text, namespace, verifySignature(job.armored, job.text, namespace));
  await Promise.all(fromWorkers);
}

/** The compiled worker beside this module; from `src/` (tests), the one in `dist/`. */
function workerFile(): URL {
  const beside = new URL('./verify-worker.js', import.meta.url);
  return existsSync(fileURLToPath(beside)) ? beside : new URL('../../dist/signature/verify-worker.js', import.meta.url);
}
