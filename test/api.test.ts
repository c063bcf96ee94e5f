import { expect, it } from 'vitest';
import * as api from '../src/index.js';

it('pins the public API (update on purpose, with a CHANGELOG entry)', () => {
  expect(Object.keys(api).sort()).toEqual([
    'ConfigError',
    'build',
    'buildSiteData',
    'check',
    'coreChecks',
    'defaultArchitectures',
    'defaultStatuses',
    'findCoverage',
    'lint',
    'loadCorpus',
    'loadFeature',
    'renderProse',
    'requiresSignoff',
    'resolveCells',
    'rules',
    'run',
    'securityRank',
    'serve',
    'severityOf',
    'sortDiagnostics',
    'validateSchema',
    'variantId',
  ]);
});
