// Test corpora write sign-offs by hand; the security team writes them with
// `support-matrix signoff`, which records the claim. `seal` adds to every
// entry without one the claim that command would write for the cells as
// they read in the same text: a test corpus reads as if each sign-off had
// been made through the tool. Tests of claims themselves pass `seal: false`.
import { addClaim } from '../../src/edit/signoffs.js';
import { loadFeature } from '../../src/load/corpus.js';
import { toProject } from '../../src/load/project.js';
import { parseSource } from '../../src/load/source.js';
import { resolveCells } from '../../src/model/cells.js';
import { claimNow, type StoredClaim } from '../../src/model/claims.js';
import type { Feature, Project } from '../../src/types.js';

/** A project.yml text as a Project, or undefined when it does not load. */
export function projectOf(text: string): Project | undefined {
  const source = parseSource('project', 'features/project.yml', new TextEncoder().encode(text));
  return source.value === undefined ? undefined : toProject(source.value, 'features/project.yml', source.map);
}

/** Claims already written, by file and entry: an entry written again keeps its claim, as the file in git would. */
export type ClaimMemory = Map<string, StoredClaim>;

/**
 * `text` (a feature file) with a claim added to each sign-off that has
 * neither claim nor signature and matches some cell. With `memory`, an entry
 * sealed before (same file, same fields) gets the claim it got then.
 */
export function seal(text: string, project: Project, rel = 'feature.md', memory?: ClaimMemory): string {
  if (!text.includes('signoffs')) return text;
  let out = text;
  const first = loadFeature(`features/${rel}`, rel, new TextEncoder().encode(text)).feature;
  if (!first) return text;
  const cells = resolveCells(first, project);
  (first.data.signoffs ?? []).forEach((s, index) => {
    if (s.claim !== undefined || s.signature !== undefined) return;
    const key = JSON.stringify([rel, s.by, s.date, s.status, s.arch ?? null, s.variant ?? null, s.ref]);
    const remembered = memory?.get(key);
    if (remembered) {
      out = addClaim(out, index, remembered);
      return;
    }
    const claim = claimNow(s, first, cells);
    if (!claim) return;
    try {
      out = addClaim(out, index, claim.stored);
      memory?.set(key, claim.stored);
    } catch {
      // A layout the editor does not rewrite stays as written.
    }
  });
  return out;
}

/**
 * Seals a loaded feature in memory (file positions stay those of the text as
 * written): each sign-off without claim or signature that matches some cell
 * gets the claim `support-matrix signoff` would record.
 */
export function sealFeature(feature: Feature, project: Project): void {
  const cells = resolveCells(feature, project);
  for (const s of feature.data.signoffs ?? []) {
    if (s.claim !== undefined || s.signature !== undefined) continue;
    const claim = claimNow(s, feature, cells);
    if (claim) s.claim = claim.stored;
  }
}

/** `seal` for a feature text written to disk, with the project.yml text beside it. */
export function sealed(text: string, projectText: string, rel = 'feature.md'): string {
  const project = projectOf(projectText);
  if (!project) throw new Error('bad test project.yml');
  return seal(text, project, rel);
}
