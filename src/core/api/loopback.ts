/**
 * Which hosts count as this machine: the one rule behind plain-http API base URLs (validate.ts), the
 * images the preview may load over http (preview/model.ts) and the page's CSP (preview/page.ts). No imports.
 *
 * Only the two names a CSP source expression can spell: Chromium rejects IPv6 hosts there, so `[::1]` (or
 * 127.0.0.2) accepted for the API would give a sandbox whose images the page could never load.
 */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost'];

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.includes(hostname.toLowerCase());
}

/** An http(s) URL whose host is this machine. */
export function isLoopbackUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
}

/** The CSP source expressions for plain-http images from this machine, any port. */
export function loopbackHttpSources(): string[] {
  return LOOPBACK_HOSTS.map((host) => `http://${host}:*`);
}
