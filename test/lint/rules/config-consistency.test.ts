import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { invisibleCharacters, skeleton } from '../../../src/confusables.js';
import { configConsistency } from '../../../src/lint/rules/config-consistency.js';
import { parseSource } from '../../../src/load/source.js';
import { baseProject, baseRoster, corpusOf, TODAY } from '../../helpers/corpus.js';
import { testRule } from '../../helpers/rule-tester.js';

/** project.yml with the status `Supported` on line 4 and then `name` on line 6, column 11. */
function beside(name: string): string {
  return `name: Look-alikes
sections: [General]
statuses:
  - name: Supported
    security-supported: true
  - name: ${name}
    security-supported: false
policy:
  signoff-required-for: [Supported]
  blockers-expected-for: []
`;
}

testRule(configConsistency, {
  valid: [
    { name: 'the base project and roster', files: { 'project.yml': baseProject, 'security-team.yml': baseRoster } },
    {
      name: 'defaults for architectures, statuses and policy',
      files: { 'project.yml': 'name: Minimal\nsections: [General]\n' },
    },
    {
      name: 'statuses that differ in more than case and look-alike letters, in any script',
      files: { 'project.yml': beside('Поддерживается') },
    },
    { name: 'a status of two words with one plain space', files: { 'project.yml': beside('Security Supported') } },
  ],
  invalid: [
    {
      name: 'duplicate arch ids, statuses, sections and organisations',
      files: {
        'project.yml': `name: Dupes
architectures:
  - id: x86
  - id: x86
statuses:
  - name: Supported
    security-supported: true
  - name: Supported
    security-supported: false
sections:
  - General
  - name: General
security-organisations:
  - { id: qemu, name: QEMU }
  - { id: qemu, name: QEMU again }
policy:
  signoff-required-for: [Supported]
  blockers-expected-for: []
`,
      },
      errors: [
        { messageId: 'duplicate', line: 4, column: 9, file: 'project.yml' },
        { messageId: 'duplicate', line: 8, column: 11, file: 'project.yml' },
        { messageId: 'duplicate', line: 12, column: 5, file: 'project.yml' },
        { messageId: 'duplicate', line: 15, column: 11, file: 'project.yml' },
      ],
    },
    {
      name: 'a status with a zero-width space beside the same status without it',
      files: { 'project.yml': beside('Supported\u200B') },
      errors: [{ messageId: 'invisible-character', line: 6, column: 11, file: 'project.yml' }],
    },
    {
      name: 'a status with a Cyrillic е beside the Latin one',
      files: { 'project.yml': beside('Support\u0435d') },
      errors: [{ messageId: 'look-alike', line: 6, column: 11, file: 'project.yml' }],
    },
    {
      name: 'a status that differs only in case',
      files: { 'project.yml': beside('SUPPORTED') },
      errors: [{ messageId: 'look-alike', line: 6, column: 11, file: 'project.yml' }],
    },
    {
      name: 'a status with a fullwidth letter',
      files: { 'project.yml': beside('\uFF33upported') },
      errors: [{ messageId: 'look-alike', line: 6, column: 11, file: 'project.yml' }],
    },
    {
      name: 'a status with a trailing space, a double space or a no-break space',
      files: {
        'project.yml': `name: Spaces
sections: [General]
statuses:
  - name: Supported
    security-supported: true
  - name: "Supported "
    security-supported: false
  - name: "Tech  Preview"
    security-supported: false
  - name: "Old\u00A0Style"
    security-supported: false
policy:
  signoff-required-for: [Supported]
  blockers-expected-for: []
`,
      },
      errors: [
        { messageId: 'bad-spacing', line: 6, column: 11, file: 'project.yml' },
        { messageId: 'bad-spacing', line: 8, column: 11, file: 'project.yml' },
        { messageId: 'bad-spacing', line: 10, column: 11, file: 'project.yml' },
      ],
    },
    {
      name: 'arch ids that differ only in case, and a policy entry with a hidden character',
      files: {
        'project.yml': `name: Arches
architectures:
  - id: x86
  - id: X86
sections: [General]
policy:
  signoff-required-for: [Supported, "Supported\u2060"]
`,
      },
      errors: [
        { messageId: 'look-alike', line: 4, column: 9, file: 'project.yml' },
        { messageId: 'invisible-character', line: 7, column: 37, file: 'project.yml' },
      ],
    },
    {
      name: 'a policy that names a status missing from the vocabulary',
      files: {
        'project.yml': `name: Policy
sections: [General]
policy:
  signoff-required-for: [Supported, Securty Supported]
  blockers-expected-for: [experimental]
`,
      },
      errors: [
        { messageId: 'unknown-policy-status', line: 4, column: 37, file: 'project.yml' },
        { messageId: 'unknown-policy-status', line: 5, column: 27, file: 'project.yml' },
      ],
    },
    {
      name: 'an arch-words entry for an arch the project does not declare',
      files: {
        'project.yml': `name: Words
sections: [General]
arch-words:
  - { word: Hexagon, arch: riscv }
  - { word: GIC, arch: arm }
`,
      },
      errors: [{ messageId: 'unknown-arch-word-arch', line: 4, column: 28, file: 'project.yml' }],
    },
    {
      name: 'roster dates that are not days, or out of order, and a duplicate member',
      files: {
        'security-team.yml': `members:
  - id: alice
    name: Alice
    active-from: 2024-02-30
  - id: bob
    name: Bob
    active-from: 2024-05-01
    active-until: 2023-05-01
  - id: alice
    name: Alice again
    active-from: 2020-01-01
`,
      },
      errors: [
        { messageId: 'bad-date', line: 4, column: 18, file: 'security-team.yml' },
        { messageId: 'dates-out-of-order', line: 8, column: 19, file: 'security-team.yml' },
        { messageId: 'duplicate', line: 9, column: 9, file: 'security-team.yml' },
      ],
    },
  ],
});

describe('config-consistency messages', () => {
  const messages = (project: string): string[] => lint(corpusOf({ 'project.yml': project }), { today: TODAY, rules: [configConsistency] }).map((d) => d.message);

  it('names the hidden character and the entry it makes a copy of', () => {
    expect(messages(beside('Supported\u200B'))).toEqual([
      'Unexpected U+200B in status `Supported\\u200B`, an invisible, format or control character, so it reads as status `Supported` on line 4; delete it (or type the name again)',
    ]);
  });

  it('names the look-alike letter and the earlier entry', () => {
    expect(messages(beside('Support\u0435d'))).toEqual([
      `Unexpected status \`Support\u0435d\`, which looks like status \`Supported\` on line 4 (it contains U+0435); names must differ in more than case, compatibility forms (such as fullwidth letters) and look-alike letters from other scripts, so rename or remove one of them`,
    ]);
    expect(messages(beside('SUPPORTED'))[0]).toContain('(they differ only in case)');
    expect(messages(beside('\uFF33upported'))[0]).toContain('(it contains U+FF33)');
  });

  it('names the spacing problem', () => {
    expect(messages(beside('"Supported "'))).toEqual([
      'Unexpected space at the end in status `Supported `, so it reads as status `Supported` on line 4; write single plain spaces between words and none at either end',
    ]);
  });

  it('reports a hidden character in an arch id, though the schema already refuses one', () => {
    // project.yml's schema keeps arch ids to ASCII; the rule must not depend on that.
    const refused = parseSource('project', 'features/project.yml', new TextEncoder().encode('name: T\nsections: [General]\narchitectures:\n  - id: x86\n  - id: "x86\\u200D"\n'));
    expect(refused.diagnostics.map((d) => [d.line, d.ruleName])).toEqual([[5, 'schema']]);
    const corpus = corpusOf({ 'project.yml': 'name: T\nsections: [General]\narchitectures:\n  - id: x86\n  - id: x64\n' });
    const project = { ...corpus.project, architectures: corpus.project.architectures.map((a) => (a.id === 'x64' ? { ...a, id: 'x86\u200D' } : a)) };
    const found = lint({ ...corpus, project }, { today: TODAY, rules: [configConsistency] });
    expect(found.map((d) => [d.line, d.column, d.messageId])).toEqual([[5, 9, 'invisible-character']]);
    expect(found[0]?.message).toContain('Unexpected U+200D in arch id `x86\\u200D`');
    expect(found[0]?.message).toContain('so it reads as arch id `x86` on line 4');
  });
});

describe('the skeleton two names must not share', () => {
  it('folds compatibility forms, case, look-alike letters of Cyrillic, Greek and Armenian, and spacing', () => {
    for (const name of ['SUPPORTED', '\uFF33\uFF35\uFF30\uFF30\uFF2F\uFF32\uFF34\uFF25\uFF24', '\u0405upp\u043Ert\u0435d', 'S\u03C5pp\u03BFrted', 'Supp\u0585rted', 'Supported\uFE0F', 'Supported\u{E0041}', 'Sup\u00ADported']) {
      expect(skeleton(name), name).toBe('supported');
    }
    expect(skeleton('\u0397\u0399\u039C')).toBe(skeleton('HIM'));
    expect(skeleton('Tech\u00A0 Preview ')).toBe('tech preview');
  });

  it('keeps digits and letters of other scripts apart', () => {
    expect(skeleton('x86')).not.toBe(skeleton('x8b'));
    expect(skeleton('l0')).not.toBe(skeleton('IO'));
    expect(skeleton('\u041F\u043E\u0434')).not.toBe(skeleton('Nod'));
  });

  it('finds controls, format characters and default-ignorables, not visible letters or spaces', () => {
    expect(invisibleCharacters('a\u200Bb\u00AD\u115F\u3164\uFFA0\u180E\u{E0100}\u2028\u0007')).toEqual([0x200b, 0xad, 0x115f, 0x3164, 0xffa0, 0x180e, 0xe0100, 0x2028, 0x7]);
    expect(invisibleCharacters('Tech Preview \u00A0\u0435')).toEqual([]);
  });
});
