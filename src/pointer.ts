/** Escapes one JSON-pointer segment (RFC 6901), as ajv's `instancePath` does. */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins segments into a JSON pointer: `('', 'arches', 'x86')` → `/arches/x86`. */
export function pointer(...segments: Array<string | number>): string {
  return segments.map((s) => '/' + pointerSegment(s)).join('');
}
