import { coreChecks } from '../../diagnostics.js';
import { ruleDocs } from '../../lint/engine.js';
import { rules } from '../../lint/rules/index.js';
import type { Diagnostic } from '../../types.js';
import type { FormatContext } from './index.js';

/** SARIF 2.1.0, for code-scanning dashboards. */
export function formatSarif(diagnostics: readonly Diagnostic[], context: FormatContext): string {
  const descriptors = [
    ...Object.values(coreChecks).map((c) => ({ id: c.id, name: c.name, description: c.description, level: 'error', help: 'See "Load errors" in README.md' })),
    ...rules.map((r) => ({ id: r.id, name: r.name, description: r.description, level: r.severity === 'error' ? 'error' : 'warning', help: `See ${ruleDocs(r)}` })),
  ];
  const indexOf = new Map(descriptors.map((d, i) => [d.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'support-matrix',
            version: context.version,
            rules: descriptors.map((d) => ({
              id: d.id,
              name: d.name,
              shortDescription: { text: d.description },
              help: { text: d.help },
              defaultConfiguration: { level: d.level },
            })),
          },
        },
        results: diagnostics.map((d) => ({
          ruleId: d.ruleId,
          ruleIndex: indexOf.get(d.ruleId) ?? -1,
          level: d.severity === 'error' ? 'error' : 'warning',
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(d.file) },
                region: {
                  startLine: d.line,
                  startColumn: d.column,
                  ...(d.endLine !== undefined ? { endLine: d.endLine } : {}),
                  ...(d.endColumn !== undefined ? { endColumn: d.endColumn } : {}),
                },
              },
            },
          ],
          properties: { ruleName: d.ruleName, messageId: d.messageId },
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
