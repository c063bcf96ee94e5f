// Pieces of the markdown the `diff` and `signoffs` formats write into tables.

/** Text for a markdown table cell: pipes escaped, line breaks as spaces, so a value never ends its cell or row. */
export function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** `[label](url)` for an http(s) URL that markdown and a table cell carry as it is (no space, bracket or pipe); undefined for any other text. */
export function markdownLink(label: string, url: string): string | undefined {
  return /^https?:\/\/[^\s()<>|]+$/.test(url) ? `[${label}](${url})` : undefined;
}
