import { carriesStatus } from '../../model/cells.js';
import { revocationStatement } from '../../model/claims.js';
import { dayNumber, findMember, inScope, isActive, revocationOf, signatureVerdict, verifyClaimSignature } from '../../model/signoffs.js';
import { parsePublicKey } from '../../signature/sshsig.js';
import type { Signoff } from '../../types.js';
import { pointer } from '../../pointer.js';
import { suggest } from '../../validate/schema.js';
import type { Rule } from '../rule.js';

/** SM102: signers, revokers and concern authors are active roster members. */
export const signoffSigner: Rule = {
  id: 'SM102',
  name: 'signoff-signer',
  description: 'Require sign-offs, revocations and concerns to be by a roster member active on their date, and their signatures to verify with that member\'s keys',
  severity: 'error',
  local: true,
  messages: {
    unknown: 'Unexpected `{{by}}`, not on the security-team roster{{hint}}; use a member id from security-team.yml',
    inactive: '`{{by}}` was not an active security-team member on {{date}} (active {{from}} to {{until}}); a sign-off must be by a member active on its date',
    'bad-signature': 'Sign-off #{{index}} has a signature that does not verify: {{reason}}; the security team signs again with `support-matrix signoff --key`',
    unsigned: 'Sign-off #{{index}} has no signature, which `policy.require-signed-signoffs` needs; the security team signs with `support-matrix signoff --key` (or `signoffs --upgrade --key`)',
    'bad-revocation-signature': 'The revocation of sign-off #{{index}} has a signature that does not verify: {{reason}}; it still revokes the sign-off (a revocation only takes support away), but check who wrote it',
    'bad-key': 'Unexpected key of `{{by}}` that is not an OpenSSH ed25519 or RSA (2048 bits or more) public key line; paste the line of the member\'s `.pub` file (`ssh-ed25519 AAAA… comment`) or an allowed_signers line',
  },
  checkCorpus(context) {
    context.trust.roster.members.forEach((member, i) => {
      (member.keys ?? []).forEach((line, j) => {
        if (parsePublicKey(line) === undefined && context.trust.roster === context.roster) context.report({ in: 'roster', pointer: pointer('members', i, 'keys', j), messageId: 'bad-key', data: { by: member.id } });
      });
    });
  },
  checkFeature(feature, context) {
    const ids = context.roster.members.map((m) => m.id);
    const check = (by: string, date: string, at: string): void => {
      const member = findMember(context.roster, by);
      if (!member) {
        const hint = ids.length === 0 ? ` (${context.roster.file} is missing or lists no members)` : suggest(by, ids);
        context.report({ feature, pointer: `${at}/by`, messageId: 'unknown', data: { by, hint } });
      } else if (dayNumber(date) !== undefined && !isActive(member, date)) {
        context.report({
          feature,
          pointer: `${at}/by`,
          messageId: 'inactive',
          data: { by, date, from: member['active-from'], until: member['active-until'] ?? 'now' },
        });
      }
    };
    const cells = context.cells.get(feature) ?? [];
    (feature.data.signoffs ?? []).forEach((s, i) => {
      check(s.by, s.date, pointer('signoffs', i));
      if (s.revoked) check(s.revoked.by, s.revoked.date, pointer('signoffs', i, 'revoked'));
      signatures(s, i);
    });
    /** Signatures, located at the entry: the sign-off rule says which cells lose their cover. */
    function signatures(s: Signoff, i: number): void {
      const index = i + 1;
      // History (revoked, or for another status than any cell has now) need not be signed.
      const current = !revocationOf(s, feature, context.trust.revoked) && cells.some((c) => carriesStatus(c.state) && c.status === s.status && inScope(s, c, feature));
      const verdict = signatureVerdict(s, feature, context.trust.roster);
      if (verdict.state === 'bad') context.report({ feature, pointer: pointer('signoffs', i, 'signature'), messageId: 'bad-signature', data: { index, reason: verdict.reason } });
      else if (verdict.state === 'unsigned' && current && context.trust.requireSigned) context.report({ feature, pointer: pointer('signoffs', i), messageId: 'unsigned', data: { index } });
      const revoker = s.revoked && findMember(context.trust.roster, s.revoked.by);
      if (s.revoked?.signature !== undefined && revoker && s.claim) {
        const statement = revocationStatement(s.claim.sha256.toLowerCase(), s.revoked);
        const verdict = verifyClaimSignature(s.revoked.signature, statement.text, revoker);
        if (!verdict.ok) context.report({ feature, pointer: pointer('signoffs', i, 'revoked', 'signature'), messageId: 'bad-revocation-signature', data: { index, reason: verdict.reason } });
      }
    }
    (feature.data.proposal?.concerns ?? []).forEach((c, i) => check(c.by, c.date, pointer('proposal', 'concerns', i)));
  },
};
