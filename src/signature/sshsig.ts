import { createHash, createPrivateKey, createPublicKey, sign as cryptoSign, verify, type KeyObject } from 'node:crypto';

/** An SSH public key we can verify with, identified by its wire-format blob. */
export interface PublicKey {
  type: 'ssh-ed25519' | 'ssh-rsa';
  /** The key in SSH wire format: what the base64 of a `.pub` line decodes to. */
  blob: Buffer;
  /** `SHA256:` and the unpadded base64 of the blob's SHA-256, as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

/** What `verifySignature` found: the signing key, or one sentence saying why not. */
export type Verification = { ok: true; key: PublicKey } | { ok: false; reason: string };

const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';
const MAGIC = Buffer.from('SSHSIG');
// ssh-keygen writes about 300 bytes for Ed25519 and 1.5 KiB for RSA 4096;
// the bound keeps hostile input from costing more than a glance.
const MAX_ARMOUR = 16 * 1024;
const MAX_KEY_LINE = 64 * 1024;
const MIN_RSA_BITS = 2048;
// OpenSSH's own ceiling (SSHBUF_MAX_BIGNUM); also bounds the cost of one verify.
const MAX_RSA_BITS = 16_384;
const RSA_FORMATS: Readonly<Record<string, 'sha256' | 'sha512'>> = { 'rsa-sha2-256': 'sha256', 'rsa-sha2-512': 'sha512' };
const NOT_ARMOUR = `not an SSH signature (no ${BEGIN} armour)`;

/** A decoded key blob with the node key to verify against. */
interface Decoded {
  key: PublicKey;
  object: KeyObject;
  bits: number;
}

/**
 * The Ed25519 or RSA key on an OpenSSH public key line (`ssh-ed25519 AAAA… comment`)
 * or `allowed_signers` line (`principals [options] keytype base64 [comment]`);
 * undefined when there is none, when the blob is malformed or names another
 * type than its token, or for RSA under 2048 bits. Never throws.
 */
export function parsePublicKey(line: string): PublicKey | undefined {
  try {
    if (typeof line !== 'string' || line.length > MAX_KEY_LINE) return undefined;
    const tokens = splitLine(line.trim());
    if (tokens[0]?.startsWith('#')) return undefined;
    const at = tokens.findIndex((token) => token === 'ssh-ed25519' || token === 'ssh-rsa');
    const base64 = at < 0 ? undefined : tokens[at + 1];
    if (base64 === undefined) return undefined;
    const blob = decodeBase64(base64);
    if (blob === undefined) return undefined;
    const decoded = decodeKey(blob);
    if (typeof decoded === 'string' || decoded.key.type !== tokens[at]) return undefined;
    return decoded.key;
  } catch {
    return undefined;
  }
}

/**
 * Checks an armoured SSHSIG signature (`ssh-keygen -Y sign -n namespace`)
 * over `message` (a string is taken as UTF-8): the armour, version 1, the
 * namespace, the hash and signature algorithms, then the signature itself.
 * Tolerates CRLF and indentation, as from a YAML block scalar. Never throws.
 */
export function verifySignature(armored: string, message: string | Buffer, namespace: string): Verification {
  const known = typeof message === 'string' ? verifications.get(namespace)?.get(armored)?.get(message) : undefined;
  if (known) return known;
  try {
    return check(armored, message, namespace);
  } catch {
    // Every path above returns a reason; this only guards against the unforeseen.
    return { ok: false, reason: 'the signature could not be checked' };
  }
}

/**
 * An ed25519 key pair from a 32-byte seed, with its OpenSSH public key line:
 * deterministic keys for synthetic corpora (the benchmark's signed
 * sign-offs). Real sign-offs are made with `ssh-keygen -Y sign`.
 */
export function ed25519FromSeed(seed: Buffer, comment = ''): { privateKey: KeyObject; publicLine: string } {
  if (seed.length !== 32) throw new RangeError('an ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const raw = Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x ?? '', 'base64url');
  const blob = Buffer.concat([wireString(Buffer.from('ssh-ed25519')), wireString(raw)]);
  return { privateKey, publicLine: `ssh-ed25519 ${blob.toString('base64')}${comment ? ` ${comment}` : ''}` };
}

/** An armoured SSHSIG signature over `message` with an ed25519 key, as `ssh-keygen -Y sign -n namespace` makes it (sha512). */
export function signEd25519(privateKey: KeyObject, message: string | Buffer, namespace: string): string {
  const raw = Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x ?? '', 'base64url');
  const publicBlob = Buffer.concat([wireString(Buffer.from('ssh-ed25519')), wireString(raw)]);
  const hash = createHash('sha512').update(typeof message === 'string' ? Buffer.from(message, 'utf8') : message).digest();
  const signed = Buffer.concat([MAGIC, wireString(Buffer.from(namespace)), wireString(Buffer.alloc(0)), wireString(Buffer.from('sha512')), wireString(hash)]);
  const signature = cryptoSign(null, signed, privateKey);
  const sigBlob = Buffer.concat([wireString(Buffer.from('ssh-ed25519')), wireString(signature)]);
  const version = Buffer.alloc(4);
  version.writeUInt32BE(1);
  const blob = Buffer.concat([MAGIC, version, wireString(publicBlob), wireString(Buffer.from(namespace)), wireString(Buffer.alloc(0)), wireString(Buffer.from('sha512')), wireString(sigBlob)]);
  const lines = blob.toString('base64').match(/.{1,70}/g) ?? [];
  return `${BEGIN}\n${lines.join('\n')}\n${END}\n`;
}

/** DER prefix of a PKCS#8 ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

// Results computed elsewhere (on worker threads, see verify-pool.ts), by namespace, armour and message as given.
const verifications = new Map<string, Map<string, Map<string, Verification>>>();
let remembered = 0;

/** Whether a result for `armored` over `message` is already remembered (`serve` checks the same files again and again). */
export function isRemembered(armored: string, message: string, namespace: string): boolean {
  return verifications.get(namespace)?.get(armored)?.has(message) === true;
}

/** Records the result of verifying `armored` over `message`, made on another thread, for {@link verifySignature} to return. */
export function rememberVerification(armored: string, message: string, namespace: string, result: Verification): void {
  if (++remembered > 200_000) {
    verifications.clear();
    remembered = 1;
  }
  let byArmour = verifications.get(namespace);
  if (!byArmour) verifications.set(namespace, (byArmour = new Map()));
  let byMessage = byArmour.get(armored);
  if (!byMessage) byArmour.set(armored, (byMessage = new Map()));
  byMessage.set(message, result);
}

/** Whether two keys are the same key (same wire-format blob). */
export function sameKey(a: PublicKey, b: PublicKey): boolean {
  return a.blob.equals(b.blob);
}

function check(armored: unknown, message: unknown, namespace: unknown): Verification {
  if (typeof namespace !== 'string' || namespace === '') return fail('there is no namespace to check the signature against');
  if (typeof message !== 'string' && !Buffer.isBuffer(message)) return fail('there is no message to check the signature against');
  const blob = dearmor(armored);
  if (typeof blob === 'string') return fail(blob);

  if (blob.length < MAGIC.length || !blob.subarray(0, MAGIC.length).equals(MAGIC)) return fail('the signature does not start with `SSHSIG`');
  const reader = new Reader(blob, MAGIC.length);
  const version = reader.uint32();
  if (version === undefined) return fail(TRUNCATED);
  if (version !== 1) return fail(`the signature has version ${version}, expected 1`);
  const keyBlob = reader.string();
  const signedNamespace = reader.string();
  // Ignored, as OpenSSH does: it signs and verifies over an empty reserved field.
  const reserved = reader.string();
  const hash = reader.string();
  const inner = reader.string();
  if (keyBlob === undefined || signedNamespace === undefined || reserved === undefined || hash === undefined || inner === undefined) return fail(TRUNCATED);
  if (!reader.done()) return fail('the signature has trailing bytes after its last field');

  const decoded = decodeKeyOnce(keyBlob);
  if (typeof decoded === 'string') return fail(decoded);
  const expected = Buffer.from(namespace, 'utf8');
  if (!signedNamespace.equals(expected)) return fail(`the signature is for namespace ${quote(signedNamespace)}, not ${quote(expected)}`);
  const hashName = hash.toString('latin1');
  if (hashName !== 'sha256' && hashName !== 'sha512') return fail(`the signature uses hash algorithm ${quote(hash)}, expected \`sha256\` or \`sha512\``);

  const sig = new Reader(inner, 0);
  const format = sig.string();
  const bytes = sig.string();
  if (format === undefined || bytes === undefined || !sig.done()) return fail('the signature value is truncated or malformed');
  const formatName = format.toString('latin1');
  const type = decoded.key.type;
  let digest: 'sha256' | 'sha512' | null;
  if (type === 'ssh-ed25519' && formatName === 'ssh-ed25519') {
    if (bytes.length !== 64) return fail('the signature value is truncated or malformed');
    digest = null;
  } else if (type === 'ssh-rsa' && formatName === 'ssh-rsa') {
    return fail('the signature uses SHA-1 (`ssh-rsa`), which is refused; sign again with a current ssh-keygen');
  } else if (type === 'ssh-rsa' && RSA_FORMATS[formatName] !== undefined) {
    digest = RSA_FORMATS[formatName] ?? null;
  } else {
    return fail(`the signature format ${quote(format)} does not match the key type \`${type}\``);
  }

  const signed = Buffer.concat([
    MAGIC,
    wireString(expected),
    wireString(Buffer.alloc(0)),
    wireString(hash),
    wireString(createHash(hashName).update(message).digest()),
  ]);
  const value = digest === null ? bytes : leftPad(bytes, Math.ceil(decoded.bits / 8));
  if (value === undefined) return fail(MISMATCH);
  let good: boolean;
  try {
    good = verify(digest, signed, decoded.object, value);
  } catch {
    good = false;
  }
  return good ? { ok: true, key: decoded.key } : fail(MISMATCH);
}

const TRUNCATED = 'the signature is truncated or has a length that runs past its end';
const MISMATCH = 'the signature does not match the claim';

function fail(reason: string): Verification {
  return { ok: false, reason };
}

/** The armour's base64 decoded, or why it cannot be. */
function dearmor(text: unknown): Buffer | string {
  if (typeof text !== 'string') return NOT_ARMOUR;
  if (text.length > MAX_ARMOUR) return 'the signature is longer than 16 KiB';
  const trimmed = text.trim();
  const begin = trimmed.indexOf(BEGIN);
  if (begin < 0) return NOT_ARMOUR;
  if (begin > 0) return `the signature has text before its ${BEGIN} line`;
  const end = trimmed.indexOf(END, BEGIN.length);
  if (end < 0) return `the signature has no ${END} line`;
  if (end + END.length !== trimmed.length) return `the signature has text after its ${END} line`;
  // Any whitespace between the markers: CRLF, indentation, or a folded YAML scalar's spaces.
  const body = trimmed.slice(BEGIN.length, end).replace(/\s+/g, '');
  return decodeBase64(body) ?? 'the signature is not valid base64 between its armour lines';
}

/** Canonical padded base64 only: `Buffer.from` would silently skip stray characters. */
function decodeBase64(text: string): Buffer | undefined {
  if (text.length === 0 || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

/** A key from its wire-format blob, or why it is refused. */
function decodeKey(blob: Buffer): Decoded | string {
  const reader = new Reader(blob, 0);
  const type = reader.string();
  if (type === undefined) return 'the signature\'s public key is malformed';
  const typeName = type.toString('latin1');
  // A copy: the caller keeps the key, not the whole signature it came in.
  const key = { blob: Buffer.from(blob), fingerprint: fingerprint(blob) };
  if (typeName === 'ssh-ed25519') {
    const x = reader.string();
    if (x === undefined || x.length !== 32 || !reader.done()) return 'the signature\'s Ed25519 key is malformed';
    const object = importKey({ kty: 'OKP', crv: 'Ed25519', x: x.toString('base64url') });
    if (object === undefined) return 'the signature\'s Ed25519 key is malformed';
    return { key: { type: 'ssh-ed25519', ...key }, object, bits: 256 };
  }
  if (typeName === 'ssh-rsa') {
    const e = mpint(reader.string());
    const n = mpint(reader.string());
    if (e === undefined || n === undefined || !reader.done()) return 'the signature\'s RSA key is malformed';
    const bits = bitLength(n);
    if (bits < MIN_RSA_BITS) return `the signature's RSA key has ${bits} bits, fewer than the ${MIN_RSA_BITS} required`;
    if (bits > MAX_RSA_BITS) return `the signature's RSA key has ${bits} bits, more than the ${MAX_RSA_BITS} supported`;
    const object = importKey({ kty: 'RSA', n: n.toString('base64url'), e: e.toString('base64url') });
    if (object === undefined) return 'the signature\'s RSA key is malformed';
    return { key: { type: 'ssh-rsa', ...key }, object, bits };
  }
  return `the signature's key type ${quote(type)} is not supported (expected \`ssh-ed25519\` or \`ssh-rsa\`)`;
}

// A corpus is signed by a few keys thousands of times: each key blob is decoded and imported once.
const decodedKeys = new Map<string, Decoded | string>();

function decodeKeyOnce(blob: Buffer): Decoded | string {
  const id = blob.toString('base64');
  const hit = decodedKeys.get(id);
  if (hit !== undefined) return hit;
  const decoded = decodeKey(blob);
  if (decodedKeys.size >= 1000) decodedKeys.clear();
  decodedKeys.set(id, decoded);
  return decoded;
}

function importKey(jwk: Record<string, string>): KeyObject | undefined {
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/**
 * The magnitude of a positive, minimally encoded SSH mpint. Non-minimal
 * encodings are refused so that one key has one blob, and `sameKey` can
 * compare blobs.
 */
function mpint(bytes: Buffer | undefined): Buffer | undefined {
  if (bytes === undefined || bytes.length === 0) return undefined;
  const first = bytes[0] ?? 0;
  if (first & 0x80) return undefined;
  if (first === 0) {
    if (bytes.length === 1 || ((bytes[1] ?? 0) & 0x80) === 0) return undefined;
    return bytes.subarray(1);
  }
  return bytes;
}

function bitLength(magnitude: Buffer): number {
  return (magnitude.length - 1) * 8 + (32 - Math.clz32(magnitude[0] ?? 0));
}

/** RSA signature bytes at the modulus length; OpenSSH accepts and pads a shorter one, OpenSSL does not. */
function leftPad(bytes: Buffer, length: number): Buffer | undefined {
  if (bytes.length > length) return undefined;
  return bytes.length === length ? bytes : Buffer.concat([Buffer.alloc(length - bytes.length), bytes]);
}

function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

function wireString(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** A value from the signature in backticks, printable and short, whatever its bytes. */
function quote(bytes: Buffer): string {
  const text = bytes.toString('utf8').replace(/[\u0000-\u001f\u007f-\u009f`\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const chars = [...text];
  return `\`${chars.length > 64 ? `${chars.slice(0, 64).join('')}…` : text}\``;
}

/** Whitespace-separated tokens, keeping double-quoted runs (`namespaces="a b"`) in one token. */
function splitLine(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    if (!quoted && /\s/.test(c)) {
      if (current !== '') tokens.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current !== '') tokens.push(current);
  return tokens;
}

/** Reads SSH wire fields; undefined when a field runs past the end. */
class Reader {
  constructor(
    private readonly bytes: Buffer,
    private offset: number,
  ) {}

  uint32(): number | undefined {
    if (this.offset + 4 > this.bytes.length) return undefined;
    const value = this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  string(): Buffer | undefined {
    const length = this.uint32();
    if (length === undefined || length > this.bytes.length - this.offset) return undefined;
    const value = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  done(): boolean {
    return this.offset === this.bytes.length;
  }
}
