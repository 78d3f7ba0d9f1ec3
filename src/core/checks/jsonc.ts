/**
 * JSON with comments, as VS Code reads settings.json and as the checks file allows: `//` and `/* *\/`
 * comments and trailing commas are dropped (outside strings) before JSON.parse. Positions are kept (a
 * comment becomes spaces, newlines stay), so JSON.parse's error positions still point into the file.
 */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"') {
      const start = i++;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      out += text.slice(start, i);
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += ch;
      i++;
    }
  }
  return withoutTrailingCommas(out);
}

/** A comma followed only by whitespace before } or ] becomes a space (strings untouched). */
function withoutTrailingCommas(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, i + 1);
    } else if (ch === ',' && closesNext(text, i + 1)) {
      out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

/** JSON.parse of JSON with comments; throws SyntaxError as JSON.parse does. A leading BOM is ignored. */
export function parseJsonc(text: string): unknown {
  return JSON.parse(stripJsonComments(text.replace(/^\uFEFF/, '')));
}

function closesNext(text: string, from: number): boolean {
  let j = from;
  while (j < text.length && /\s/.test(text[j]!)) j++;
  return text[j] === '}' || text[j] === ']';
}
