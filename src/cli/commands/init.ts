import { packageFile } from '../../package-files.js';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { PROJECT_FILE, ROSTER_FILE } from '../../load/corpus.js';
import { defaultArchitectures, defaultStatuses } from '../../load/project.js';
import { DEFAULT_BLOCKERS_EXPECTED_FOR, DEFAULT_SIGNOFF_REQUIRED_FOR } from '../../model/vocabulary.js';
import { UsageError } from '../errors.js';
import { featureBody } from './templates.js';
import { assertWritableBelow, ensureDirectory } from './output.js';

/** Options of {@link init}. */
export interface InitOptions {
  cwd: string;
  /** Directory to create. Default `features`. */
  dir?: string;
  /** Date of the example sign-off and roster entry (`YYYY-MM-DD`). */
  today: string;
  /** Project name. Default: the name of the working directory. */
  name?: string;
}

/** Creates a fresh features directory that passes `check`. Returns the files written. */
export async function init(options: InitOptions): Promise<string[]> {
  const root = path.resolve(options.cwd, options.dir ?? 'features');
  const name = options.name ?? path.basename(options.cwd);
  const project = {
    name,
    architectures: defaultArchitectures,
    statuses: defaultStatuses,
    sections: [{ name: 'General', description: 'Features that fit no other section yet.' }],
    'security-organisations': [],
    policy: {
      'signoff-required-for': [...DEFAULT_SIGNOFF_REQUIRED_FOR],
      'signoff-required-when-security-supported': true,
      'require-signed-signoffs': true,
      'review-after-days': 730,
      'blockers-expected-for': [...DEFAULT_BLOCKERS_EXPECTED_FOR],
    },
    rules: {},
  };
  const roster = {
    team: `${name} security team`,
    members: [{ id: 'security-lead', name: 'Security Lead', email: 'security@example.org', keys: [], 'active-from': options.today }],
  };
  const example = [
    '---',
    'title: Example feature',
    'section: General',
    'summary: A feature on its way to Supported; the security team signs it off with `support-matrix signoff`',
    'status: Tech Preview',
    'arches:',
    '  x86: applies',
    '  arm: not-implemented',
    'known-issues:',
    '  - summary: Not yet reviewed by the security team.',
    '---',
    '',
  ].join('\n');
  const files: Array<[string, string]> = [
    [PROJECT_FILE, `# Project settings; see ${packageFile('schema/project.schema.md', root)}.\n${stringify(project)}`],
    [ROSTER_FILE, `# Security team roster; see ${packageFile('schema/security-team.schema.md', root)}.\n# Sign-offs must be signed (policy.require-signed-signoffs): list each member's\n# public SSH key under \`keys\` (e.g. the line of ~/.ssh/id_ed25519.pub).\n${stringify(roster)}`],
    ['general/example.md', example + featureBody('Example feature')],
  ];
  // Every file first, before any is written: none goes through a symlinked directory.
  for (const [rel] of files) await assertWritableBelow(root, path.join(root, rel));
  await ensureDirectory(path.join(root, 'general'));
  const written: string[] = [];
  for (const [rel, content] of files) {
    const file = path.join(root, rel);
    await writeFile(file, content, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') throw new UsageError(`${path.relative(options.cwd, file)} already exists; \`init\` only creates a new project — pick an empty directory`);
      throw error;
    });
    written.push(file);
  }
  return written;
}
