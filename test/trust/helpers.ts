/**
 * Pull requests against the sample corpus, in real git repositories: the
 * sample committed on `main`, a branch `pr` with one patch committed on top,
 * and the CLI run in-process on it (`check --base main`, `diff main`).
 */
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { addClaim } from '../../src/edit/signoffs.js';
import { loadFeature } from '../../src/load/corpus.js';
import { resolveCells } from '../../src/model/cells.js';
import { claimNow } from '../../src/model/claims.js';
import { cli, copySample, repoRoot, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';
import { projectOf } from '../helpers/seal.js';
import { positionOf, Repo } from '../releases/repo.js';

/** The date every sample check runs on: after every sign-off, inside the active members' terms. */
export const TODAY = '2026-06-01';

/** Members of the sample roster whose private test keys are in examples/test-keys/. */
export type Member = 'mwebb' | 'cokafor' | 'alindqvist' | 'htanaka' | 'pdsouza' | 'rbarker';

const keys = new Map<Member, Promise<string>>();

/**
 * A private test key copied out of the checkout with mode 600 (ssh-keygen
 * refuses a key others can read), with its `.pub` beside it; the path. One
 * copy per member per test file.
 */
export function testKey(member: Member): Promise<string> {
  let key = keys.get(member);
  if (!key) {
    key = (async () => {
      const file = path.join(await tempDir(), member);
      await copyFile(path.join(repoRoot, 'examples/test-keys', member), file);
      await copyFile(path.join(repoRoot, 'examples/test-keys', `${member}.pub`), `${file}.pub`);
      await chmod(file, 0o600);
      return file;
    })();
    keys.set(member, key);
  }
  return key;
}

/** A fresh ed25519 key pair that no roster lists: the private key's path and the public key line. */
export async function ownKey(comment: string): Promise<{ key: string; pub: string }> {
  const key = path.join(await tempDir(), 'own');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', key], { stdio: ['ignore', 'pipe', 'pipe'] });
  return { key, pub: (await readFile(`${key}.pub`, 'utf8')).trim() };
}

/** The SHA256 fingerprint of a public key file, as ssh-keygen -l prints it. */
export function fingerprintOf(pubFile: string): string {
  const out = execFileSync('ssh-keygen', ['-l', '-f', pubFile], { encoding: 'utf8' });
  const match = /SHA256:[A-Za-z0-9+/]+/.exec(out);
  if (!match) throw new Error(`no fingerprint in ${out}`);
  return match[0];
}

/** The sample corpus committed on `main` of a fresh repository, with `main` checked out. */
export async function sampleRepo(): Promise<Repo> {
  const repo = await Repo.create();
  await copySample(repo.dir);
  repo.commit('sample corpus');
  return repo;
}

/** Branch `pr` from `main`, checked out: the patch goes there. */
export function openPr(repo: Repo): void {
  repo.git('checkout', '-q', '-b', 'pr', 'main');
}

/** A file of the repository, relative to its root. */
export function read(repo: Repo, rel: string): Promise<string> {
  return readFile(path.join(repo.dir, rel), 'utf8');
}

/** Writes a file of the repository, relative to its root, exactly as given (never sealed: a patch is what it says). */
export function write(repo: Repo, rel: string, text: string): void {
  repo.write({ [rel]: text }, { seal: false });
}

/** `text` with `from` (which must occur exactly once) replaced by `to`. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`${JSON.stringify(from)} is not exactly once in the text`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** Replaces `from` (exactly once) in a file of the repository; returns the new text. */
export async function replaceIn(repo: Repo, rel: string, from: string, to: string): Promise<string> {
  const edited = replaceOnce(await read(repo, rel), from, to);
  write(repo, rel, edited);
  return edited;
}

/** Commits everything as an SSH-signed commit (`git commit -S` with `gpg.format=ssh`); the commit id. */
export function signedCommit(repo: Repo, key: string, message: string): string {
  repo.git('add', '-A');
  repo.git('-c', 'gpg.format=ssh', '-c', `user.signingkey=${key}`, 'commit', '-q', '-S', '-m', message);
  return repo.git('rev-parse', 'HEAD').trim();
}

/**
 * `text` (the feature file at `rel` under features/) with the claim that
 * anyone can compute added to sign-off entry `index`: what someone without
 * a key can still write. No signature.
 */
export function withClaim(text: string, rel: string, projectText: string, index: number): string {
  const project = projectOf(projectText);
  const feature = loadFeature(`features/${rel}`, rel, new TextEncoder().encode(text)).feature;
  const entry = feature?.data.signoffs?.[index];
  if (!project || !feature || !entry) throw new Error(`no sign-off #${index + 1} in ${rel}`);
  const cells = resolveCells(feature, project);
  const claim = claimNow(entry, feature, cells);
  if (!claim) throw new Error(`no claim for sign-off #${index + 1} in ${rel}: no cell in its scope has its status`);
  return addClaim(text, index, claim.stored);
}

/** A file position as findings carry it. */
export interface Place {
  file: string;
  line: number;
  column: number;
}

/** Where `needle` first occurs in `text` (searching from `after`), as a finding in file `file` reports it. */
export function placeIn(file: string, text: string, needle: string, after = ''): Place {
  return { file, ...positionOf(text, needle, after) };
}

/** A check finding as `check --format json` prints it. */
export interface Finding extends Place {
  ruleName: string;
  messageId: string;
  severity: 'error' | 'warn';
  message: string;
}

/** `check features` (with `--base main` unless `base` is null) in JSON, parsed. */
export async function checkJson(dir: string, base: string | null = 'main'): Promise<{ code: number; findings: Finding[] }> {
  const result = await cli(['check', 'features', '--today', TODAY, '--format', 'json', ...(base === null ? [] : ['--base', base])], dir);
  expect(result.stderr).toBe('');
  const findings = result.stdout === '' ? [] : (JSON.parse(result.stdout) as { diagnostics: Finding[] }).diagnostics;
  return { code: result.code, findings };
}

/** `diff main` of the working tree in one format. */
export function diffOf(dir: string, format: 'text' | 'json' = 'text'): Promise<CliResult> {
  return cli(['diff', 'main', '--today', TODAY, '--format', format], dir);
}

/** `diff main --format json`, parsed. */
export interface DiffJson {
  added: string[];
  changes: Array<{
    feature: string;
    variant: string | null;
    arch: string;
    needsSignoff: boolean;
    signedOff: boolean | null;
    signoff: { by: string } | null;
    location: Place | null;
  }>;
  unsigned: number;
  governance: Array<Place & { messageId: string; message: string }>;
  signoffs: Array<{ feature: string; index: number; by: string; signed: boolean; covers: boolean; claim: { sha256: string; cells: Record<string, string> } | null; location: Place | null }>;
}

/** `diff main --format json`: exit code and the parsed report. */
export async function diffJson(dir: string): Promise<{ code: number; report: DiffJson }> {
  const result = await diffOf(dir, 'json');
  expect(result.stderr).toBe('');
  return { code: result.code, report: JSON.parse(result.stdout) as DiffJson };
}

/** The sections of `diff --format text`: changed-cell lines, governance lines and new sign-off lines. */
export function diffSections(text: string): { changes: string[]; governance: string[]; signoffs: string[] } {
  const out = { changes: [] as string[], governance: [] as string[], signoffs: [] as string[] };
  let section: keyof typeof out = 'changes';
  for (const line of text.split('\n').slice(1)) {
    if (line.startsWith('Governance changes (')) section = 'governance';
    else if (line.startsWith('New sign-offs (')) section = 'signoffs';
    else if (line !== '') out[section].push(line);
  }
  return out;
}

/** `file:line:column`. */
export function at(place: Place): string {
  return `${place.file}:${place.line}:${place.column}`;
}

/** A new feature file stating `Supported` on x86 and arm, with no sign-off. */
export const UNSIGNED_FEATURE = `---
title: Remote attestation agent
section: Security features
summary: Reports guest measurements to a remote verifier.
status: Supported
arches:
  x86: applies
  arm: applies
components: [toolstack]
since: "2.2"
---

## Overview

An agent in the control domain that answers attestation requests.
`;

/** Path of {@link UNSIGNED_FEATURE} in the repository. */
export const NEW_FILE = 'features/security/attestation-agent.md';
/** Feature id of {@link UNSIGNED_FEATURE}. */
export const NEW_ID = 'security/attestation-agent';
