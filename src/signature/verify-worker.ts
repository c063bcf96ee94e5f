import { parentPort, workerData } from 'node:worker_threads';
import { verifySignature } from './sshsig.js';

// Verifies a slice of signatures for verify-pool.ts; keys travel back as
// their blobs (a KeyObject cannot cross threads).
const { jobs, namespace } = workerData as { jobs: Array<{ armored: string; text: string }>; namespace: string };
parentPort?.postMessage(
  jobs.map(({ armored, text }) => {
    const result = verifySignature(armored, text, namespace);
    return result.ok ? { ok: true, type: result.key.type, blob: result.key.blob, fingerprint: result.key.fingerprint } : result;
  }),
);
