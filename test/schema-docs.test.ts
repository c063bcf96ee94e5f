import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

const dir = path.join(repoRoot, 'schema');

/** Every property name a schema declares, anywhere in it. */
function properties(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => properties(n, out));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record['properties'] && typeof record['properties'] === 'object') for (const key of Object.keys(record['properties'])) out.add(key);
    Object.values(record).forEach((v) => properties(v, out));
  }
  return out;
}

describe('schema docs', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.schema.json'))) {
    it(`${file} has a .md beside it that documents every property`, () => {
      const doc = readFileSync(path.join(dir, file.replace(/\.json$/, '.md')), 'utf8');
      const schema: unknown = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
      const missing = [...properties(schema)].filter((p) => !doc.includes(`\`${p}\``) && !new RegExp(`[.\`]${p.replace(/[-]/g, '\\-')}[\`\\[.]`).test(doc));
      expect(missing).toEqual([]);
    });
  }
});
