/**
 * A JSON document laid out exactly as JSON.stringify(value, null, 2) does, with the line each
 * value starts on, so an error the server names by path ("segments.1.treatments.0.day") can be
 * shown on that line of the editor's text. A path the document lacks (a required field left out)
 * is shown on its nearest ancestor, the object it should be in.
 */
export interface JsonLines {
  lines: string[];
  /** path joined with '.', '' for the root → line index */
  lineOf: Map<string, number>;
}

export function layoutJson(value: unknown): JsonLines {
  const lines: string[] = [];
  const lineOf = new Map<string, number>();
  const emit = (v: unknown, indent: string, path: string, prefix: string) => {
    lineOf.set(path, lines.length);
    const at = (k: string | number) => (path === '' ? String(k) : `${path}.${k}`);
    if (Array.isArray(v)) {
      if (v.length === 0) return void lines.push(`${indent}${prefix}[]`);
      lines.push(`${indent}${prefix}[`);
      v.forEach((x, i) => {
        emit(x, `${indent}  `, at(i), '');
        if (i < v.length - 1) lines[lines.length - 1] += ',';
      });
      return void lines.push(`${indent}]`);
    }
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      if (entries.length === 0) return void lines.push(`${indent}${prefix}{}`);
      lines.push(`${indent}${prefix}{`);
      entries.forEach(([k, x], i) => {
        emit(x, `${indent}  `, at(k), `${JSON.stringify(k)}: `);
        if (i < entries.length - 1) lines[lines.length - 1] += ',';
      });
      return void lines.push(`${indent}}`);
    }
    lines.push(`${indent}${prefix}${JSON.stringify(v)}`);
  };
  emit(value, '', '', '');
  return { lines, lineOf };
}

/** The line an error's path points at: the path itself, else its nearest ancestor present. */
export function lineForPath(layout: JsonLines, field: string): number {
  const parts = field === '(document)' ? [] : field.replace(/^document\./, '').split('.');
  for (let n = parts.length; n >= 0; n--) {
    const line = layout.lineOf.get(parts.slice(0, n).join('.'));
    if (line !== undefined) return line;
  }
  return 0;
}
