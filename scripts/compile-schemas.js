// Compiles the JSON Schemas in schema/ into dist/validate/schemas.cjs with
// ajv's standalone code, so that no command compiles them at start-up
// (≈ 0.1 s of every `check`). Run by `npm run build:ts` and `prepare`, after
// tsc. The module records a hash of the schema files it was made from:
// src/validate/schema.ts compiles at run time instead when they differ.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Ajv2020 } = require('ajv/dist/2020.js');
const standaloneCode = require('ajv/dist/standalone').default;
const { AJV_OPTIONS, SCHEMA_NAMES, exportName, schemaHash } = await import('../dist/validate/schema-options.js');

const schemas = SCHEMA_NAMES.map((name) => [name, readFileSync(new URL(`../schema/${name}.schema.json`, import.meta.url), 'utf8')]);
const ajv = new Ajv2020({ ...AJV_OPTIONS, code: { source: true } });
for (const [name, text] of schemas) ajv.addSchema(JSON.parse(text), name);
const code = standaloneCode(ajv, Object.fromEntries(SCHEMA_NAMES.map((name) => [exportName(name), name])));
const out = new URL('../dist/validate/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('schemas.cjs', out), `${code}\nexports.sourceHash = ${JSON.stringify(schemaHash(schemas.map(([, text]) => text)))};\n`);
