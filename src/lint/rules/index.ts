import type { Rule } from '../rule.js';
import { advisoryFormat } from './advisory-format.js';
import { archNotStated } from './arch-not-stated.js';
import { backport } from './backport.js';
import { baseline } from './baseline.js';
import { configConsistency } from './config-consistency.js';
import { dependencySecurity } from './dependency-security.js';
import { duplicateId } from './duplicate-id.js';
import { governanceChange } from './governance-change.js';
import { releaseDatesRule } from './release-dates.js';
import { releaseSignoffs } from './release-signoffs.js';
import { securitySupportDetails } from './security-support-details.js';
import { signoffDate } from './signoff-date.js';
import { signoffReviewAge } from './signoff-review-age.js';
import { signoffScope } from './signoff-scope.js';
import { signoffSigner } from './signoff-signer.js';
import { signoffStale } from './signoff-stale.js';
import { statusRequired } from './status-required.js';
import { supportedRequiresSignoff } from './supported-requires-signoff.js';
import { unknownArch } from './unknown-arch.js';
import { unknownReference } from './unknown-reference.js';
import { unknownSection } from './unknown-section.js';
import { unknownStatus } from './unknown-status.js';
import { upgradeBlockers } from './upgrade-blockers.js';

/** Every built-in rule, in id order. */
export const rules: readonly Rule[] = [
  supportedRequiresSignoff,
  signoffSigner,
  signoffStale,
  signoffDate,
  signoffScope,
  signoffReviewAge,
  unknownStatus,
  unknownArch,
  unknownSection,
  duplicateId,
  securitySupportDetails,
  upgradeBlockers,
  advisoryFormat,
  unknownReference,
  dependencySecurity,
  statusRequired,
  configConsistency,
  releaseDatesRule,
  backport,
  baseline,
  governanceChange,
  releaseSignoffs,
  archNotStated,
];
