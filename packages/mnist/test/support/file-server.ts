import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test server does for one request: the file name asked for and how often it was asked so far. */
export type Respond = (name: string, requestNumber: number, response: ServerResponse) => void;

export interface FileServer {
  baseUrl: string;
  requests: string[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 (a free port), answering every GET with `respond`. */
export async function startFileServer(respond: Respond): Promise<FileServer> {
  const requests: string[] = [];
  const counts = new Map<string, number>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname.slice(1));
    requests.push(name);
    const count = (counts.get(name) ?? 0) + 1;
    counts.set(name, count);
    respond(name, count, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends the whole body with its true length. */
export function sendAll(response: ServerResponse, body: Uint8Array): void {
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
  response.end(body);
}

/** Announces the full length but sends only part of the body, then drops the connection. */
export function sendTruncated(response: ServerResponse, body: Uint8Array, fraction = 0.5): void {
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
  response.write(body.subarray(0, Math.floor(body.length * fraction)), () => response.destroy());
}
