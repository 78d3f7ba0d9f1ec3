/** The preview's HTML shell and its Content Security Policy. No `vscode`: unit-tested in plain Node. */
import { randomBytes } from 'node:crypto';
import { loopbackHttpSources } from '../../core/api/loopback';

/** 128 random bits, fresh for every page: only our <script> carries it. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

export interface CspOptions {
  /** `webview.cspSource`: where the page's own script and style come from. */
  cspSource: string;
  nonce: string;
  /** Only while sceneSnap.apiBaseUrl is a loopback URL (a local sandbox serves its PNGs over http). */
  allowLoopbackHttp: boolean;
}

export function buildCsp(o: CspOptions): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(o.nonce)) throw new Error('a CSP nonce must be base64 of at least 16 characters');
  // blob: the kept snapshots, whose bytes the host posts (HostMethods.keptImage); https: the bucket URLs.
  const images = ['blob:', 'https:', ...(o.allowLoopbackHttp ? loopbackHttpSources() : [])];
  return [
    "default-src 'none'",
    `img-src ${images.join(' ')}`,
    `style-src ${o.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export type PageOptions = CspOptions & ShellOptions;

/** What every Scene Snap page's shell holds besides its CSP (the preview's and the compare panel's). */
export interface ShellOptions {
  nonce: string;
  title: string;
  /** The UI language (vscode.env.language), for the page's lang attribute. */
  lang: string;
  /** Shown until the page has its model and strings, already translated. */
  loading: string;
  scriptUri: string;
  styleUri: string;
}

/**
 * The shell only: the page builds its content with DOM calls from the `init` message, so no value from
 * the API is ever parsed as HTML. The few values here are escaped all the same.
 */
export function renderShell(o: ShellOptions & { csp: string }): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(o.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(o.csp)}">
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

export function renderPage(o: PageOptions): string {
  return renderShell({ ...o, csp: buildCsp(o) });
}
