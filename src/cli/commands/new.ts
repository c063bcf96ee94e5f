import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCorpus } from '../../load/corpus.js';
import { didYouMean } from '../../validate/schema.js';
import { UsageError } from '../errors.js';
import { assertWritableBelow, ensureDirectory } from './output.js';
import { featureBody, yamlString } from './templates.js';

/** Options of {@link newFeature}. */
export interface NewOptions {
  cwd: string;
  /** Feature id, which is also its path under the features directory. */
  id: string;
  /** The features directory. Default `features`. */
  dir?: string;
  title?: string;
  section?: string;
  status?: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** Writes `<dir>/<id>.md`: valid frontmatter and the headings of a good feature doc. Returns the path. */
export async function newFeature(options: NewOptions): Promise<string> {
  if (!ID.test(options.id)) {
    throw new UsageError(`Unexpected id \`${options.id}\`: use slash-separated segments of letters, digits, \`.\`, \`_\`, \`-\` (e.g. \`guest-types/pvh\`)`);
  }
  const dir = options.dir ?? 'features';
  const corpus = await loadCorpus(dir, { cwd: options.cwd });
  const { project } = corpus;
  const section = options.section ?? project.sections[0]?.name;
  if (section === undefined) throw new UsageError('No sections in project.yml; add one there or pass `--section`');
  const sections = project.sections.map((s) => s.name);
  if (sections.length > 0 && !sections.includes(section)) {
    const near = didYouMean(section, sections);
    throw new UsageError(`Unexpected section \`${section}\`${near ? ` (did you mean \`${near}\`?)` : ''}; use one of ${sections.map((s) => `\`${s}\``).join(', ')}`);
  }
  const statuses = project.statuses.map((s) => s.name);
  const status = options.status ?? statuses[0] ?? 'Experimental';
  if (!statuses.includes(status)) {
    const near = didYouMean(status, statuses);
    throw new UsageError(`Unexpected status \`${status}\`${near ? ` (did you mean \`${near}\`?)` : ''}; use one of ${statuses.map((s) => `\`${s}\``).join(', ')}`);
  }
  if (corpus.features.some((f) => f.id.toLowerCase() === options.id.toLowerCase() || (f.data.aliases ?? []).some((a) => a.toLowerCase() === options.id.toLowerCase()))) {
    throw new UsageError(`A feature with id \`${options.id}\` already exists; choose another id`);
  }
  const title = options.title ?? titleFromId(options.id);
  const file = path.join(corpus.root, `${options.id}.md`);
  const frontmatter = [
    '---',
    `title: ${yamlString(title)}`,
    `section: ${yamlString(section)}`,
    `summary: ${yamlString(`One line saying what ${title} does`)}`,
    `status: ${yamlString(status)}`,
    '# Per-arch applicability and overrides; arches not listed are not applicable.',
    ...project.architectures.map((a, i) => `${i === 0 ? 'arches:\n' : ''}  ${a.id}: applies`),
    '# What blocks an upgrade: known issues (with advisory ids) or a proposal.',
    'known-issues: []',
    '# Security-team sign-offs; a Supported cell needs one.',
    'signoffs: []',
    '---',
    '',
  ].join('\n');
  await assertWritableBelow(corpus.root, file);
  await ensureDirectory(path.dirname(file));
  // `wx`: never overwrite a file that appeared in the meantime.
  await writeFile(file, frontmatter + featureBody(title), { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') throw new UsageError(`${path.relative(options.cwd, file)} already exists; choose another id or edit that file`);
    throw error;
  });
  return file;
}

function titleFromId(id: string): string {
  const last = id.split('/').pop() ?? id;
  const words = last.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
