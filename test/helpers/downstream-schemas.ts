/** The downstream formats' schemas kept in the repository (schema/downstream/, schema/upcoming.schema.json), compiled once with format checks. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { repoRoot } from './cli.js';

// ajv-formats is CommonJS: its default export is the function under ESM interop.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
const load = (rel: string): { $id: string } => JSON.parse(readFileSync(path.join(repoRoot, rel), 'utf8')) as { $id: string };
const eol = load('schema/downstream/endoflife-v1.schema.json');
const eox = load('schema/downstream/openeox.schema.json');
const shields = load('schema/downstream/shields-endpoint.schema.json');
const upcoming = load('schema/upcoming.schema.json');
for (const schema of [eol, eox, shields, upcoming]) ajv.addSchema(schema);

function get(ref: string): ValidateFunction {
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`no schema ${ref}`);
  return validate;
}

/** Validates `text` as JSON against one of the kept schemas; returns ajv's errors as text (empty when valid). */
export function schemaErrors(kind: 'endoflife-product' | 'endoflife-release' | 'openeox' | 'shields' | 'upcoming', text: string): string {
  const validate = get(
    {
      'endoflife-product': `${eol.$id}#/$defs/ProductResponse`,
      'endoflife-release': `${eol.$id}#/$defs/ProductReleaseResponse`,
      openeox: eox.$id,
      shields: shields.$id,
      upcoming: upcoming.$id,
    }[kind],
  );
  return validate(JSON.parse(text)) ? '' : ajv.errorsText(validate.errors);
}
