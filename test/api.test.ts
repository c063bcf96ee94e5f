import { expect, it } from 'vitest';
import * as api from '../src/index.js';

it('pins the public API (update on purpose, with a CHANGELOG entry)', () => {
  expect(Object.keys(api).sort()).toEqual([
    'ConfigError',
    'check',
    'coreChecks',
    'defaultArchitectures',
    'defaultStatuses',
    'findCoverage',
    'lint',
    'loadCorpus',
    'loadFeature',
    'requiresSignoff',
    'resolveCells',
    'rules',
    'run',
    'securityRank',
    'severityOf',
    'sortDiagnostics',
    'validateSchema',
    'variantId',
  ]);
});
