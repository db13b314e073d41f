import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { dashboardHtml, makeNonce } from '../src/dashboard-html';
import type { DashboardView } from '../src/protocol';
import { packageDir } from './recorded-run';

/**
 * Serves the built dashboard page on 127.0.0.1 the way a webview gets it: the same HTML and CSP, with
 * the server's origin standing in for `webview.cspSource`, and only media/dist behind it.
 */
export async function serveDashboard(view: DashboardView): Promise<{ url: string; close(): Promise<void> }> {
  let origin = '';
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    if (path === '/') {
      const page = dashboardHtml({
        cspSource: origin,
        scriptUri: `${origin}/media/dashboard.js`,
        styleUri: `${origin}/media/dashboard.css`,
        nonce: makeNonce(),
        view,
      });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    const name = /^\/media\/(dashboard\.(?:js|css))$/.exec(path)?.[1];
    if (!name) {
      response.writeHead(404).end();
      return;
    }
    const type = name.endsWith('.js') ? 'text/javascript' : 'text/css';
    response.writeHead(200, { 'content-type': type }).end(readFileSync(join(packageDir, 'media', 'dist', name)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `${origin}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
