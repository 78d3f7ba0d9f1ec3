/** The compare page's HTML shell and CSP. No `vscode`: unit-tested in plain Node. */
import { renderShell } from '../preview/page';

export interface ComparePageOptions {
  /** `webview.cspSource`: the page's style comes from it (its script too, by its nonce). */
  cspSource: string;
  nonce: string;
  title: string;
  lang: string;
  loading: string;
  scriptUri: string;
  styleUri: string;
}

/** Images only as blob: URLs of the bytes the host posted (the kept PNGs): no network, no files. */
export function buildCompareCsp(o: Pick<ComparePageOptions, 'cspSource' | 'nonce'>): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(o.nonce)) throw new Error('a CSP nonce must be base64 of at least 16 characters');
  return [
    "default-src 'none'",
    'img-src blob:',
    `style-src ${o.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderComparePage(o: ComparePageOptions): string {
  return renderShell({ ...o, csp: buildCompareCsp(o) });
}
