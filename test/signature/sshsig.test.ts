import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePublicKey, sameKey, verifySignature } from '../../src/signature/sshsig.js';

// The real tool, on purpose: these tests prove we agree with it. No skip when
// it is missing: a green run must mean the comparison happened.
const SSH_KEYGEN = '/usr/bin/ssh-keygen';
const NAMESPACE = 'support-matrix-signoff';
const PRINCIPAL = 'mwebb@example.org';
const MESSAGE = '{"by":"mwebb","feature":"guest/virtio-net","type":"support-matrix-signoff/1"}';
const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';

let dir = '';
let files = 0;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sshsig-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Key {
  /** Private key file. */
  file: string;
  /** Contents of `file.pub`. */
  pub: string;
}

function sshKeygen(args: readonly string[]): string {
  return execFileSync(SSH_KEYGEN, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function newKey(type: 'ed25519' | 'rsa' | 'ecdsa', bits?: number): Promise<Key> {
  const file = path.join(dir, `key-${++files}`);
  sshKeygen(['-q', '-t', type, ...(bits === undefined ? [] : ['-b', String(bits)]), '-N', '', '-C', 'test', '-f', file]);
  return { file, pub: await readFile(`${file}.pub`, 'utf8') };
}

/** `ssh-keygen -Y sign` over `message`, written to a fresh file each time. */
async function sshSign(key: Key, message: string, namespace = NAMESPACE, options: readonly string[] = []): Promise<string> {
  // A fresh name: when `file.sig` exists, ssh-keygen asks before overwriting
  // and, with no terminal to answer, keeps the old one and still exits 0.
  const file = path.join(dir, `message-${++files}`);
  await writeFile(file, message);
  sshKeygen(['-Y', 'sign', '-n', namespace, '-f', key.file, ...options, file]);
  return readFile(`${file}.sig`, 'utf8');
}

/** Whether `ssh-keygen -Y verify` accepts `signature` over `message` by `key` for `PRINCIPAL`. */
async function sshVerify(key: Key, signature: string, message: string): Promise<boolean> {
  const signers = path.join(dir, `allowed_signers-${++files}`);
  await writeFile(signers, `${PRINCIPAL} namespaces="${NAMESPACE}" ${keyField(key.pub)}\n`);
  const sigFile = path.join(dir, `check-${++files}.sig`);
  await writeFile(sigFile, signature);
  const run = spawnSync(SSH_KEYGEN, ['-Y', 'verify', '-f', signers, '-I', PRINCIPAL, '-n', NAMESPACE, '-s', sigFile], { input: message, encoding: 'utf8' });
  if (run.error) throw run.error;
  return run.status === 0;
}

/** `keytype base64` of a `.pub` line, without its comment. */
function keyField(pub: string): string {
  return pub.trim().split(/\s+/).slice(0, 2).join(' ');
}

function printedFingerprint(key: Key): string {
  // "3072 SHA256:abc… test (RSA)"
  return sshKeygen(['-l', '-E', 'sha256', '-f', `${key.file}.pub`]).split(' ')[1] ?? '';
}

// A small SSH wire codec of our own, so the tests forge blobs without
// trusting the code under test.

function unarmour(text: string): Buffer {
  return Buffer.from(text.replace(BEGIN, '').replace(END, '').replace(/\s+/g, ''), 'base64');
}

function armour(blob: Buffer): string {
  const lines = blob.toString('base64').match(/.{1,70}/g) ?? [];
  return [BEGIN, ...lines, END, ''].join('\n');
}

function str(value: Buffer | string): Buffer {
  const bytes = Buffer.from(value);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function strings(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    out.push(bytes.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return out;
}

interface Fields {
  version: number;
  key: Buffer;
  namespace: Buffer | string;
  reserved: Buffer | string;
  hash: Buffer | string;
  signature: Buffer;
}

function fields(blob: Buffer): Fields {
  expect(blob.subarray(0, 6).toString()).toBe('SSHSIG');
  const [key, namespace, reserved, hash, signature] = strings(blob.subarray(10));
  if (!key || !namespace || !reserved || !hash || !signature) throw new Error('not an SSHSIG blob');
  return { version: blob.readUInt32BE(6), key, namespace, reserved, hash, signature };
}

function encode(f: Fields): Buffer {
  const version = Buffer.alloc(4);
  version.writeUInt32BE(f.version);
  return Buffer.concat([Buffer.from('SSHSIG'), version, str(f.key), str(f.namespace), str(f.reserved), str(f.hash), str(f.signature)]);
}

function signedData(namespace: string, hash: 'sha256' | 'sha512', message: string): Buffer {
  return Buffer.concat([Buffer.from('SSHSIG'), str(namespace), str(''), str(hash), str(createHash(hash).update(message).digest())]);
}

/** The RSA private key as node can read it: a PEM copy made by ssh-keygen itself. */
async function nodePrivateKey(key: Key): Promise<ReturnType<typeof createPrivateKey>> {
  const copy = `${key.file}-pem`;
  await writeFile(copy, await readFile(key.file), { mode: 0o600 });
  sshKeygen(['-p', '-m', 'PEM', '-P', '', '-N', '', '-f', copy]);
  return createPrivateKey(await readFile(copy, 'utf8'));
}

function reasonOf(result: ReturnType<typeof verifySignature>): string {
  return result.ok ? '(verified)' : result.reason;
}

describe('the ssh-keygen these tests compare against', () => {
  it('is installed at /usr/bin/ssh-keygen', () => {
    expect(existsSync(SSH_KEYGEN), `${SSH_KEYGEN} is missing: install openssh-client`).toBe(true);
  });
});

describe.each([
  { type: 'ed25519' as const, bits: undefined, keyType: 'ssh-ed25519' },
  { type: 'rsa' as const, bits: 3072, keyType: 'ssh-rsa' },
])('verifySignature with an $type key', ({ type, bits, keyType }) => {
  it('accepts a signature made by ssh-keygen -Y sign and returns the signing key', async () => {
    const key = await newKey(type, bits);
    const signature = await sshSign(key, MESSAGE);
    const result = verifySignature(signature, MESSAGE, NAMESPACE);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const parsed = parsePublicKey(key.pub);
    expect(parsed).toBeDefined();
    if (!parsed) return;
    expect(result.key).toEqual(parsed);
    expect(sameKey(result.key, parsed)).toBe(true);
    expect(result.key.type).toBe(keyType);
    expect(result.key.fingerprint).toBe(printedFingerprint(key));
    expect(await sshVerify(key, signature, MESSAGE)).toBe(true);
  });

  it('takes the message as a Buffer of the same bytes', async () => {
    const key = await newKey(type, bits);
    const message = `${MESSAGE} — naïve ünïcode`;
    const signature = await sshSign(key, message);
    expect(verifySignature(signature, Buffer.from(message, 'utf8'), NAMESPACE).ok).toBe(true);
    expect(verifySignature(signature, Buffer.from(message, 'latin1'), NAMESPACE).ok).toBe(false);
  });

  it('rejects a tampered message, as ssh-keygen -Y verify does', async () => {
    const key = await newKey(type, bits);
    const signature = await sshSign(key, MESSAGE);
    const tampered = MESSAGE.replace('virtio-net', 'virtio-blk');
    expect(verifySignature(signature, tampered, NAMESPACE)).toEqual({ ok: false, reason: 'the signature does not match the claim' });
    expect(await sshVerify(key, signature, tampered)).toBe(false);
    expect(await sshVerify(key, signature, MESSAGE)).toBe(true);
  });

  it('rejects a signature for another namespace and names both', async () => {
    const key = await newKey(type, bits);
    const signature = await sshSign(key, MESSAGE, 'git');
    expect(verifySignature(signature, MESSAGE, NAMESPACE)).toEqual({ ok: false, reason: 'the signature is for namespace `git`, not `support-matrix-signoff`' });
    expect(verifySignature(signature, MESSAGE, 'git').ok).toBe(true);
    expect(await sshVerify(key, signature, MESSAGE)).toBe(false);
  });

  it('accepts a signature re-indented in a YAML block scalar with CRLF line ends', async () => {
    const key = await newKey(type, bits);
    const signature = await sshSign(key, MESSAGE);
    const lines = signature.trimEnd().split('\n');
    const yamlish = `\r\n${lines.map((line) => `      ${line}`).join('\r\n')}\r\n    \r\n`;
    expect(verifySignature(yamlish, MESSAGE, NAMESPACE).ok).toBe(true);
    // A folded (`>`) scalar joins the lines with spaces.
    expect(verifySignature(lines.join(' '), MESSAGE, NAMESPACE).ok).toBe(true);
  });

  it('rejects every single-bit flip of the signature, without throwing', async () => {
    const key = await newKey(type, bits);
    const signature = await sshSign(key, MESSAGE);
    const blob = unarmour(signature);
    let flips = 0;
    for (let byte = 0; byte < blob.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = Buffer.from(blob);
        flipped[byte] = (flipped[byte] ?? 0) ^ (1 << bit);
        const result = verifySignature(armour(flipped), MESSAGE, NAMESPACE);
        if (result.ok) throw new Error(`flipping bit ${bit} of byte ${byte} still verified`);
        expect(typeof result.reason).toBe('string');
        flips++;
      }
    }
    expect(flips).toBe(blob.length * 8);
    expect(verifySignature(armour(blob), MESSAGE, NAMESPACE).ok).toBe(true);
  });

  it('rejects every truncation of the armour and of the blob, without throwing', async () => {
    const key = await newKey(type, bits);
    const signature = await sshSign(key, MESSAGE);
    for (let length = 0; length < signature.trimEnd().length; length++) {
      expect(verifySignature(signature.slice(0, length), MESSAGE, NAMESPACE).ok).toBe(false);
    }
    const blob = unarmour(signature);
    for (let length = 0; length < blob.length; length++) {
      expect(verifySignature(armour(blob.subarray(0, length)), MESSAGE, NAMESPACE).ok).toBe(false);
    }
  });
});

describe('verifySignature on what ssh-keygen does not write', () => {
  it('refuses a SHA-1 `ssh-rsa` signature that is otherwise valid', async () => {
    const key = await newKey('rsa', 3072);
    const good = fields(unarmour(await sshSign(key, MESSAGE)));
    const privateKey = await nodePrivateKey(key);
    const forge = (format: string, hash: 'sha1' | 'sha256'): string =>
      armour(encode({ ...good, signature: Buffer.concat([str(format), str(sign(hash, signedData(NAMESPACE, 'sha512', MESSAGE), privateKey))]) }));

    // The same construction with SHA-256 verifies, here and in ssh-keygen, so
    // the refusal below is for SHA-1 and not for a forging mistake.
    const sha256 = forge('rsa-sha2-256', 'sha256');
    expect(verifySignature(sha256, MESSAGE, NAMESPACE).ok).toBe(true);
    expect(await sshVerify(key, sha256, MESSAGE)).toBe(true);

    const sha1 = forge('ssh-rsa', 'sha1');
    const result = verifySignature(sha1, MESSAGE, NAMESPACE);
    expect(result.ok).toBe(false);
    expect(reasonOf(result)).toContain('SHA-1');
    expect(await sshVerify(key, sha1, MESSAGE)).toBe(false);
  });

  it('accepts an RSA signature value shorter than the modulus, as ssh-keygen does', async () => {
    const key = await newKey('rsa', 3072);
    const privateKey = await nodePrivateKey(key);
    const good = fields(unarmour(await sshSign(key, MESSAGE)));
    // About one signature in 256 starts with a zero byte; some signers drop it.
    let message = '';
    let value = Buffer.alloc(0);
    for (let i = 0; i < 20_000 && value[0] !== 0; i++) {
      message = `${MESSAGE} ${i}`;
      value = sign('sha512', signedData(NAMESPACE, 'sha512', message), privateKey);
    }
    expect(value[0]).toBe(0);
    const short = armour(encode({ ...good, signature: Buffer.concat([str('rsa-sha2-512'), str(value.subarray(1))]) }));
    expect(verifySignature(short, message, NAMESPACE).ok).toBe(true);
    expect(await sshVerify(key, short, message)).toBe(true);
  });

  it('accepts a sha256 message hash (ssh-keygen -O hashalg=sha256)', async () => {
    const key = await newKey('ed25519');
    const signature = await sshSign(key, MESSAGE, NAMESPACE, ['-O', 'hashalg=sha256']);
    expect(fields(unarmour(signature)).hash.toString()).toBe('sha256');
    expect(verifySignature(signature, MESSAGE, NAMESPACE).ok).toBe(true);
  });

  it('refuses an RSA key under 2048 bits', async () => {
    const key = await newKey('rsa', 1024);
    const result = verifySignature(await sshSign(key, MESSAGE), MESSAGE, NAMESPACE);
    expect(reasonOf(result)).toBe('the signature\'s RSA key has 1024 bits, fewer than the 2048 required');
    expect(parsePublicKey(key.pub)).toBeUndefined();
  });

  it('refuses an unsupported key type and names it', async () => {
    const key = await newKey('ecdsa', 256);
    const result = verifySignature(await sshSign(key, MESSAGE), MESSAGE, NAMESPACE);
    expect(reasonOf(result)).toContain('`ecdsa-sha2-nistp256` is not supported');
  });

  it('names what is wrong with each field of a forged blob', async () => {
    const key = await newKey('ed25519');
    const good = fields(unarmour(await sshSign(key, MESSAGE)));
    const [, value] = strings(good.signature);
    const check = (f: Fields, extra = Buffer.alloc(0)): string => reasonOf(verifySignature(armour(Buffer.concat([encode(f), extra])), MESSAGE, NAMESPACE));

    expect(check({ ...good, version: 2 })).toBe('the signature has version 2, expected 1');
    expect(check({ ...good, version: 0 })).toBe('the signature has version 0, expected 1');
    expect(check({ ...good, hash: 'sha1' })).toBe('the signature uses hash algorithm `sha1`, expected `sha256` or `sha512`');
    expect(check({ ...good, namespace: 'a`b\nc' })).toBe('the signature is for namespace `a\\u0060b\\u000ac`, not `support-matrix-signoff`');
    expect(check({ ...good, signature: Buffer.concat([str('rsa-sha2-512'), str(value ?? '')]) })).toBe('the signature format `rsa-sha2-512` does not match the key type `ssh-ed25519`');
    expect(check({ ...good, signature: Buffer.concat([str('ssh-ed25519'), str(value ?? ''), Buffer.from([0])]) })).toBe('the signature value is truncated or malformed');
    expect(check(good, Buffer.from([0]))).toBe('the signature has trailing bytes after its last field');
    expect(check({ ...good, key: Buffer.concat([good.key, Buffer.from([0])]) })).toBe('the signature\'s Ed25519 key is malformed');
    expect(reasonOf(verifySignature(armour(Buffer.concat([Buffer.from('SSHSIH'), encode(good).subarray(6)])), MESSAGE, NAMESPACE))).toBe('the signature does not start with `SSHSIG`');

    // A length of 4 GiB must be refused, not allocated or read past.
    const huge = encode(good);
    huge.writeUInt32BE(0xffffffff, 10);
    expect(reasonOf(verifySignature(armour(huge), MESSAGE, NAMESPACE))).toBe('the signature is truncated or has a length that runs past its end');
  });

  it('ignores the reserved field, as ssh-keygen does', async () => {
    const key = await newKey('ed25519');
    const good = fields(unarmour(await sshSign(key, MESSAGE)));
    const tagged = armour(encode({ ...good, reserved: 'future-tag' }));
    expect(verifySignature(tagged, MESSAGE, NAMESPACE).ok).toBe(true);
    expect(await sshVerify(key, tagged, MESSAGE)).toBe(true);
  });

  it('explains armour it cannot read', async () => {
    const key = await newKey('ed25519');
    const signature = (await sshSign(key, MESSAGE)).trim();
    const reason = (text: unknown): string => reasonOf(verifySignature(text as string, MESSAGE, NAMESPACE));

    expect(reason('')).toBe('not an SSH signature (no -----BEGIN SSH SIGNATURE----- armour)');
    expect(reason('-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----')).toBe('not an SSH signature (no -----BEGIN SSH SIGNATURE----- armour)');
    expect(reason(undefined)).toBe('not an SSH signature (no -----BEGIN SSH SIGNATURE----- armour)');
    expect(reason(`signed: ${signature}`)).toBe('the signature has text before its -----BEGIN SSH SIGNATURE----- line');
    expect(reason(`${signature}\nmore`)).toBe('the signature has text after its -----END SSH SIGNATURE----- line');
    expect(reason(signature.replace(END, ''))).toBe('the signature has no -----END SSH SIGNATURE----- line');
    expect(reason(signature.replace('U1NI', 'U1N*'))).toBe('the signature is not valid base64 between its armour lines');
    expect(reason(`${BEGIN}\n${'A'.repeat(17_000)}\n${END}`)).toBe('the signature is longer than 16 KiB');
    expect(reasonOf(verifySignature(signature, MESSAGE, ''))).toBe('there is no namespace to check the signature against');
  });

  it('never throws, whatever the armour holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.uint8Array({ maxLength: 600 }), (text, bytes) => {
        expect(verifySignature(text, MESSAGE, NAMESPACE).ok).toBe(false);
        expect(verifySignature(armour(Buffer.from(bytes)), MESSAGE, NAMESPACE).ok).toBe(false);
        expect(verifySignature(armour(Buffer.concat([Buffer.from('SSHSIG\0\0\0\x01'), Buffer.from(bytes)])), MESSAGE, NAMESPACE).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parsePublicKey', () => {
  it('reads a .pub line and an allowed_signers line to the same key', async () => {
    const key = await newKey('ed25519');
    const fromPub = parsePublicKey(key.pub);
    expect(fromPub).toMatchObject({ type: 'ssh-ed25519', fingerprint: printedFingerprint(key) });
    if (!fromPub) return;
    for (const line of [
      `${PRINCIPAL} namespaces="${NAMESPACE}" ${keyField(key.pub)}`,
      `${PRINCIPAL},ops@example.org ${keyField(key.pub)} comment here`,
      `  ${PRINCIPAL} cert-authority,namespaces="a b,ssh-rsa x",valid-after="20240101" ${keyField(key.pub)}\r`,
      keyField(key.pub),
    ]) {
      const parsed = parsePublicKey(line);
      expect(parsed, line).toBeDefined();
      if (parsed) expect(sameKey(parsed, fromPub), line).toBe(true);
    }
  });

  it('reads an RSA key with the fingerprint ssh-keygen prints', async () => {
    const key = await newKey('rsa', 3072);
    expect(parsePublicKey(key.pub)).toMatchObject({ type: 'ssh-rsa', fingerprint: printedFingerprint(key) });
    const other = parsePublicKey((await newKey('ed25519')).pub);
    const rsa = parsePublicKey(key.pub);
    expect(rsa && other && sameKey(rsa, other)).toBe(false);
  });

  it('finds no key in lines without a supported, well-formed one', async () => {
    const ed25519 = await newKey('ed25519');
    const ecdsa = await newKey('ecdsa', 256);
    const base64 = keyField(ed25519.pub).split(' ')[1] ?? '';
    for (const line of [
      '',
      `# ${ed25519.pub}`,
      ecdsa.pub,
      `${PRINCIPAL} ssh-ed25519`,
      `ssh-rsa ${base64}`,
      `ssh-ed25519 ${base64.slice(0, -4)}`,
      `ssh-ed25519 ${base64.slice(0, -2)}`,
      `ssh-ed25519 ${base64.replace('A', '*')}`,
      `ssh-ed25519 ${Buffer.concat([Buffer.from(base64, 'base64'), Buffer.from([0])]).toString('base64')}`,
    ]) {
      expect(parsePublicKey(line), line).toBeUndefined();
    }
  });

  it('never throws, whatever the line holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (text, bytes) => {
        parsePublicKey(text);
        expect(parsePublicKey(`ssh-ed25519 ${Buffer.from(bytes).toString('base64')}`)).toBeUndefined();
        expect(parsePublicKey(`ssh-rsa ${Buffer.from(bytes).toString('base64')}`)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
    expect(parsePublicKey(undefined as unknown as string)).toBeUndefined();
  });
});
