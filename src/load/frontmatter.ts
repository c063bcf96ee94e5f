/** A file split into YAML frontmatter and markdown body, with offsets into the text. */
export interface Split {
  /** The YAML between the fences. */
  yaml: string;
  /** Offset of the first YAML character in the text. */
  yamlOffset: number;
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
}

/** Why a file could not be split. */
export type SplitError = { messageId: 'empty' | 'missing' | 'unterminated'; line: number; message: string };

const OPEN = /^---[ \t]*\r?$/;
// Only `---` closes: remark-frontmatter and gray-matter do not accept `...`,
// and the prose renderer must see the same frontmatter as the checker.
const CLOSE = /^---[ \t]*\r?$/;
const DOTS = /^\.\.\.[ \t]*\r?$/m;

/**
 * Splits `---` fenced frontmatter from the body.
 *
 * Written here rather than taken from gray-matter because we need the exact
 * offset of the YAML (for file positions), must tell "missing" from
 * "unterminated", and must not parse the YAML with a position-less parser.
 */
export function splitFrontmatter(text: string): Split | SplitError {
  if (text.trim() === '') {
    return { messageId: 'empty', line: 1, message: 'Unexpected empty file, expected YAML frontmatter between `---` lines; run `support-matrix new <id>` for a template' };
  }
  const firstEnd = lineEnd(text, 0);
  if (!OPEN.test(text.slice(0, firstEnd))) {
    return { messageId: 'missing', line: 1, message: 'Unexpected content before frontmatter, expected the file to start with a `---` line' };
  }
  let start = firstEnd + 1;
  let line = 2;
  while (start <= text.length) {
    const end = lineEnd(text, start);
    if (CLOSE.test(text.slice(start, end))) {
      return {
        yaml: text.slice(firstEnd + 1, start),
        yamlOffset: firstEnd + 1,
        body: text.slice(Math.min(end + 1, text.length)),
        bodyLine: line + 1,
      };
    }
    if (end >= text.length) break;
    start = end + 1;
    line++;
  }
  const dots = DOTS.test(text) ? ' (a `...` line does not close it; use `---`)' : '';
  return { messageId: 'unterminated', line: 1, message: `Unterminated frontmatter: the \`---\` on line 1 has no closing \`---\` line${dots}; add one after the YAML` };
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i === -1 ? text.length : i;
}
