// Runs one support-matrix command in this process (output discarded) and
// prints its exit code and peak RSS, so the runner measures a fresh process.
import { run } from '../dist/cli/main.js';

const code = await run(process.argv.slice(2), { cwd: process.cwd(), stdout: () => undefined, stderr: () => undefined, env: process.env, isTTY: false });
process.stdout.write(`${JSON.stringify({ code, maxRSS: process.resourceUsage().maxRSS })}\n`);
