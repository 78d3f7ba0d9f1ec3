/**
 * Opening a screenshot's URL from a remote or web window. Pure: no `vscode`.
 *
 * A loopback URL (a local sandbox's bucket) names the machine the extension runs on, which is not the
 * user's browser's machine in a remote or web window; VS Code's `asExternalUri` maps it to a forwarded
 * address. Some hosts map only the port: code-server answers `http://127.0.0.1:8080/path.png` with its
 * port proxy `https://host/proxy/8080/`, the path dropped, so the browser would show whatever the service
 * answers at `/`. This puts the path, query and fragment back.
 */
export function keepPathThroughForward(original: string, forwarded: string): string {
  const from = new URL(original);
  const to = new URL(forwarded);
  if (from.href === to.href) return original;
  const suffix = `${from.pathname}${from.search}`;
  // The forward kept them (VS Code's own port forwarding does).
  if (`${to.pathname}${to.search}`.endsWith(suffix) && from.pathname !== '/') return to.href;
  to.pathname = `${to.pathname.replace(/\/+$/, '')}${from.pathname}`;
  if (from.search) to.search = to.search ? `${to.search}&${from.search.slice(1)}` : from.search;
  to.hash = from.hash;
  return to.href;
}

