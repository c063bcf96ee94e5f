// The validators compiled ahead of time (scripts/compile-schemas.js, into
// dist/validate/schemas.cjs by `npm run build:ts`, which `npm test` runs
// first) must be the schemas of schema/ and judge every document as the
// validators compiled at run time do.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { AJV_OPTIONS, exportName, SCHEMA_NAMES, schemaHash } from '../../src/validate/schema-options.js';
import { repoRoot } from '../helpers/cli.js';

const texts = SCHEMA_NAMES.map((name) => readFileSync(path.join(repoRoot, 'schema', `${name}.schema.json`), 'utf8'));
const compiled = createRequire(import.meta.url)(path.join(repoRoot, 'dist/validate/schemas.cjs')) as Record<string, ValidateFunction | string>;
const ajv = new Ajv2020(AJV_OPTIONS);
const runtime = new Map(SCHEMA_NAMES.map((name, i) => [name, ajv.compile(JSON.parse(texts[i] ?? '{}') as object)]));

const documents: Array<[(typeof SCHEMA_NAMES)[number], unknown]> = [
  ['feature', { title: 'PVH', section: 'Guests', status: 'Supported' }],
  ['feature', { title: 'PVH' }],
  ['feature', { title: 7, section: 'Guests', arches: { x86: 'sometimes' }, extra: true }],
  ['feature', { title: 'A', section: 'B', 'security-support': 'external', signoffs: [{ by: 'a', date: '2024-13-45', status: 'Supported', ref: 'x', claim: { sha256: 'no', cells: {} } }] }],
  ['feature', { title: 'A\u0007', section: 'B', variants: [{ name: 'v', arches: ['x86', 'x86'] }], limits: [{ name: 'm', value: -1, bounds: 'both' }], order: 1.5 }],
  ['project', { name: 'P', architectures: [{ id: 'X 86' }], policy: { 'review-after-days': 'soon' } }],
  ['security-team', { members: [{ id: 'a', name: 'A', 'active-from': 'yesterday', keys: [5] }] }],
  ['baseline', { exempt: [{ feature: 'f', arch: 'x86' }] }],
];

describe('the validators compiled ahead of time', () => {
  it('were made from the schema files as they are now (npm run build:ts makes them again)', () => {
    expect(compiled['sourceHash']).toBe(schemaHash(texts));
  });

  it.each(documents.map((d, i) => [i, ...d] as const))('judge document %i (%s) as the validators compiled at run time do, errors included', (_i, name, value) => {
    const ahead = compiled[exportName(name)] as ValidateFunction;
    const now = runtime.get(name) as ValidateFunction;
    expect(ahead(value)).toBe(now(value));
    expect(ahead.errors ?? null).toEqual(now.errors ?? null);
  });
});
