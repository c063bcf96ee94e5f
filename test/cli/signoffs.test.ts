import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

const files: Record<string, string> = {
  'unsigned.md': '---\ntitle: Unsigned\nsection: General\nstatus: Supported\n---\n',
  'stale.md': '---\ntitle: Stale\nsection: General\nstatus: Supported\nsignoffs:\n  - { by: security-lead, date: 2026-05-01, status: Tech Preview, ref: https://x.example/1 }\n---\n',
  'revoked.md':
    '---\ntitle: Revoked\nsection: General\nstatus: Supported\nsignoffs:\n  - { by: security-lead, date: 2026-05-01, status: Supported, ref: https://x.example/2, revoked: { by: security-lead, date: 2026-05-20, reason: Unfixed bug } }\n---\n',
  'proposed.md':
    '---\ntitle: Proposed\nsection: General\nstatus: Tech Preview\nproposal:\n  status: Supported\n  needs: [A fuzzing campaign]\n  concerns:\n    - { by: security-lead, date: 2026-05-02, concern: Not fuzzed }\n---\n',
};

describe('signoffs', () => {
  it('lists what needs a sign-off by state, proposals with their blocking concerns, and revoked and stale history', async () => {
    const dir = await tempDir();
    await cli(['init', '--today', '2026-04-01'], dir);
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, 'features', name), text);
    // One cell signed the way the team signs: a key on the roster, `support-matrix signoff --key`.
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lead', '-f', path.join(dir, 'lead')]);
    const roster = path.join(dir, 'features/security-team.yml');
    await writeFile(roster, (await readFile(roster, 'utf8')).replace('keys: []', `keys:\n      - ${JSON.stringify((await readFile(path.join(dir, 'lead.pub'), 'utf8')).trim())}`));
    await writeFile(path.join(dir, 'features/signed.md'), '---\ntitle: Signed\nsection: General\nstatus: Supported\narches: { x86: applies }\n---\n');
    const signoff = await cli(['signoff', 'signed', '--key', 'lead', '--ref', 'https://x.example/3', '--today', '2026-05-01'], dir);
    expect(signoff.code, signoff.stderr).toBe(0);
    const json = await cli(['signoffs', '--today', TODAY, '--format', 'json'], dir);
    expect(json.code).toBe(0);
    const queue = JSON.parse(json.stdout) as {
      open: Array<{ feature: { id: string }; arch: string; state: string }>;
      proposals: Array<{ feature: { id: string } }>;
      history: Array<{ feature: { id: string }; signoff: { state: string } }>;
      signed: Array<{ feature: { id: string } }>;
    };
    expect(queue.open.map((e) => [e.feature.id, e.arch, e.state])).toEqual([
      ['revoked', 'x86', 'revoked'],
      ['revoked', 'arm', 'revoked'],
      ['stale', 'x86', 'stale'],
      ['stale', 'arm', 'stale'],
      ['unsigned', 'x86', 'missing'],
      ['unsigned', 'arm', 'missing'],
    ]);
    expect(queue.proposals.map((p) => p.feature.id)).toEqual(['proposed']);
    expect(queue.history.map((h) => [h.feature.id, h.signoff.state])).toEqual([
      ['revoked', 'revoked'],
      ['stale', 'stale'],
    ]);
    expect(queue.signed.map((e) => e.feature.id)).toEqual(['signed']);

    const text = (await cli(['signoffs', '--today', TODAY], dir)).stdout;
    expect(text).toContain('Needs a sign-off (6)');
    expect(text).toContain('revoked  revoked on x86: Supported — sign-off #1 by security-lead on 2026-05-01 was revoked by security-lead on 2026-05-20: Unfixed bug (features/revoked.md:4:9); sign: support-matrix signoff revoked --ref <review URL>');
    expect(text).toContain('missing  unsigned on arm: Supported — no sign-off recorded (features/unsigned.md:4:9); sign: support-matrix signoff unsigned --ref <review URL>');
    expect(text).toContain('proposed → Supported; needs: A fuzzing campaign; concerns: security-lead since 2026-05-02, BLOCKING: Not fuzzed');
    const markdown = (await cli(['signoffs', '--today', TODAY, '--format', 'markdown'], dir)).stdout;
    expect(markdown).toContain('| `unsigned` | Unsigned | x86 | Supported | missing | no sign-off recorded | `features/unsigned.md:4:9` | `support-matrix signoff unsigned --ref <review URL>` |');
    // Every section of the text format, the revoked and stale history included.
    expect(markdown).toContain('### Revoked and stale sign-offs (2)');
    expect(markdown).toContain('| `revoked` | #1 | security-lead | 2026-05-01 | Supported | revoked by security-lead on 2026-05-20: Unfixed bug | [review](https://x.example/2) |');
    expect(markdown).toContain('| `stale` | #1 | security-lead | 2026-05-01 | Tech Preview | stale | [review](https://x.example/1) |');
    const linked = (await cli(['signoffs', '--today', TODAY, '--format', 'markdown', '--site-url', 'https://support.example.org/matrix/'], dir)).stdout;
    expect(linked).toContain('| [`unsigned`](https://support.example.org/matrix/features/unsigned/) | Unsigned | x86 |');
    const bad = await cli(['signoffs', '--today', TODAY, '--format', 'markdown', '--site-url', 'javascript:alert(1)'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unexpected --site-url');
  });
});
