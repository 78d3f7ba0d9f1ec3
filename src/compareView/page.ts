/** The compare page's HTML shell and CSP. No `vscode`: unit-tested in plain Node. */
import { escapeHtml } from '../preview/page';

export interface ComparePageOptions {
  /** `webview.cspSource`: the page's script, style and the kept PNGs (webview resources) come from it. */
  cspSource: string;
  nonce: string;
  title: string;
  lang: string;
  loading: string;
  scriptUri: string;
  styleUri: string;
}

/** Images only from the webview's own resources (the snapshot store): no network at all. */
export function buildCompareCsp(o: Pick<ComparePageOptions, 'cspSource' | 'nonce'>): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(o.nonce)) throw new Error('a CSP nonce must be base64 of at least 16 characters');
  return [
    "default-src 'none'",
    `img-src ${o.cspSource}`,
    `style-src ${o.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderComparePage(o: ComparePageOptions): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(o.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(buildCompareCsp(o))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<div id="app" aria-busy="true"><p class="loading">${escapeHtml(o.loading)}</p></div>
<script nonce="${escapeHtml(o.nonce)}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>`;
}
