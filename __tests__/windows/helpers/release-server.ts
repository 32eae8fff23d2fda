import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server that serves release files by path and records every request. */
export interface ReleaseServer {
  readonly baseUrl: string;
  readonly requests: string[];
  set(urlPath: string, body: Buffer | string): void;
  remove(urlPath: string): void;
  close(): Promise<void>;
}

export async function startReleaseServer(): Promise<ReleaseServer> {
  const files = new Map<string, Buffer>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const urlPath = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(urlPath);
    // GitHub answers release downloads with a redirect to its object store; so does this server.
    if (urlPath.startsWith('/redirect/')) {
      res.writeHead(302, { location: urlPath.slice('/redirect'.length) });
      res.end();
      return;
    }
    const body = files.get(urlPath);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': body.length,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    set: (urlPath, body) => files.set(urlPath, Buffer.isBuffer(body) ? body : Buffer.from(body)),
    remove: (urlPath) => files.delete(urlPath),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
