/** The prose headings of a good feature document, in order. */
export const featureHeadings = ['Overview', 'User details', 'Technical details', 'Limitations', 'Testing', 'Areas for improvement', 'References'];

/** Guidance under each heading of a new feature document. */
const guidance: Record<string, string> = {
  Overview: 'What the feature does and who it is for, in a short paragraph.',
  'User details': 'How to enable and use it: defaults, configuration, commands.',
  'Technical details': 'Where the code and design documents live; how it works.',
  Limitations: 'Incompatibilities with other features or hardware.',
  Testing: 'How it is tested (CI jobs, test suites) and how to test changes.',
  'Areas for improvement': 'Work that would improve the feature or move it to the next status.',
  References: 'Links to design documents, mailing-list threads and advisories.',
};

/** The markdown body of a new feature document. */
export function featureBody(title: string): string {
  return [`# ${title}`, '', ...featureHeadings.flatMap((h) => [`## ${h}`, '', guidance[h] ?? '', ''])].join('\n');
}

/** Quotes a YAML scalar when it would not stay a plain string. */
export function yamlString(text: string): string {
  return /^[A-Za-z][A-Za-z0-9 ._/()-]*$/.test(text) && !/^(yes|no|true|false|null|on|off)$/i.test(text) ? text : JSON.stringify(text);
}
