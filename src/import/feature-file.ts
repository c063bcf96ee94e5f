import { stringify } from 'yaml';
import type { FeatureData } from '../types.js';

// YAML 1.1-compatible output: `no`, `yes` and dates are quoted, so readers that
// still speak YAML 1.1 (gray-matter, js-yaml 3) read the same strings.
export const yaml = (value: unknown): string => stringify(value, { version: '1.1', lineWidth: 0 });

/** A feature file as the importers write it (and a legacy release is read as): the frontmatter, a blank line, the body. */
export function featureFileText(data: FeatureData, body: string): string {
  return `---\n${yaml(data)}---\n\n${body}`;
}
