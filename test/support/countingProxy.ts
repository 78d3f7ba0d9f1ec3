import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP proxy (the `proxy` package) on loopback that records what passes through it. */
export async function startCountingProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const { createProxy } = await import('proxy');
  const server = createProxy(http.createServer());
  const seen: string[] = [];
  server.on('connect', (req: http.IncomingMessage) => seen.push(`CONNECT ${req.url}`));
  server.on('request', (req: http.IncomingMessage) => seen.push(`${req.method} ${req.url}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
