/** Markdown for pull requests and docs. Pure: no `vscode`. */
import * as path from 'node:path';

/** Alt text may not close the bracket or break the line. */
function escapeAlt(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\[\]])/g, '\\$1');
}

/**
 * A link target that survives any URL: one with spaces, parentheses or angle brackets goes in `<…>`
 * (CommonMark), with the characters that would end it percent-encoded.
 */
function linkTarget(url: string): string {
  if (!/[\s()<>]/.test(url)) return url;
  return `<${url.replace(/[<>\s]/g, (c) => encodeURIComponent(c))}>`;
}

/** `![<scene>](<url>)` */
export function markdownImage(alt: string, url: string): string {
  return `![${escapeAlt(alt)}](${linkTarget(url)})`;
}

export function markdownImages(items: ReadonlyArray<{ name: string; url: string }>): string {
  return items.map((i) => markdownImage(i.name, i.url)).join('\n');
}

/** A relative link from a document's folder to a file, with `/` separators and each segment URL-encoded. */
export function relativeLink(fromDir: string, file: string, sep: string = path.sep): string {
  const impl = sep === '\\' ? path.win32 : path.posix;
  const rel = impl.relative(fromDir, file).split(sep).join('/');
  return rel
    .split('/')
    .map((segment) => (segment === '..' ? segment : encodeURIComponent(segment)))
    .join('/');
}
