/**
 * Finds the strings the extension localizes, the way `@vscode/l10n-dev export` does: every call of
 * `l10n.t(…)` / `vscode.l10n.t(…)` in the sources, with a literal message. Used by the l10n unit test and
 * by `npm run l10n:export`, which writes l10n/bundle.l10n.json from it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ts from 'typescript';

export interface Found {
  /** The bundle key: the message, or `message/comment` for the object form with a comment. */
  key: string;
  where: string;
}

export interface Scan {
  /** Bundle keys in order of first use, each with where it is used. */
  keys: Map<string, string[]>;
  /** Uses the bundle cannot follow: a message that is not a literal, or `l10n.t` taken as a value. */
  problems: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** `l10n.t` or `<anything>.l10n.t`. */
function isL10nT(node: ts.Node): node is ts.PropertyAccessExpression {
  if (!ts.isPropertyAccessExpression(node) || node.name.text !== 't') return false;
  const target = node.expression;
  return (ts.isIdentifier(target) && target.text === 'l10n') || (ts.isPropertyAccessExpression(target) && target.name.text === 'l10n');
}

function literal(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/** The key of one call, or undefined when its message is not a literal. */
function keyOf(call: ts.CallExpression): string | undefined {
  const first = call.arguments[0];
  const text = literal(first);
  if (text !== undefined) return text;
  if (first && ts.isObjectLiteralExpression(first)) {
    const prop = (name: string) => first.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name)?.initializer;
    const message = literal(prop('message'));
    if (message === undefined) return undefined;
    const comment = prop('comment');
    if (!comment) return message;
    const parts = ts.isArrayLiteralExpression(comment) ? comment.elements.map((e) => literal(e)) : [literal(comment)];
    return parts.every((p) => p !== undefined) ? `${message}/${parts.join('')}` : undefined;
  }
  return undefined;
}

export function scanL10n(root: string, dirs: readonly string[] = ['src']): Scan {
  const keys = new Map<string, string[]>();
  const problems: string[] = [];
  for (const file of dirs.flatMap((d) => sourceFiles(path.join(root, d)))) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('l10n')) continue;
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      if (isL10nT(node)) {
        const where = `${path.relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const call = node.parent;
        if (!ts.isCallExpression(call) || call.expression !== node) {
          problems.push(`${where}: l10n.t is used as a value; call it with a literal message so the bundle can find it`);
        } else {
          const key = keyOf(call);
          if (key === undefined) problems.push(`${where}: l10n.t is called with a message that is not a literal`);
          else keys.set(key, [...(keys.get(key) ?? []), where]);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { keys, problems };
}

/** The placeholders of a message, sorted: `{0}`, `{1}`, `{name}` (not `{"room": …}` or `{uuid, name?}`). */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\d+|[A-Za-z_]\w*)\}/g)].map((m) => m[0]).sort();
}

/** The %keys% a manifest value uses. */
export function manifestKeys(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (m) found.push(m[1]!);
  } else if (Array.isArray(value)) {
    for (const v of value) manifestKeys(v, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) manifestKeys(v, found);
  }
  return found;
}
