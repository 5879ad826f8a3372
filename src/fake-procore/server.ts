/**
 * The fake Procore as a real HTTP server on loopback (demo mode and e2e), serving the same msw
 * handlers as the in-process tests plus the `/__fake/` control routes and the `GET /` index.
 *
 * Why a small `node:http` adapter around msw's `getResponse` rather than
 * `@mswjs/http-middleware`: the middleware turns `HttpResponse.error()` into an Express error
 * (a 500) instead of a dropped connection, so lost-response faults could not be simulated over
 * a socket; its fallback 404 is not Procore's; and it rebuilds URLs from the Host header, so
 * handlers bound to `127.0.0.1` would not match a request sent to `localhost`.
 */
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import { createCompanyToolsHandlers, type AppLocation } from './company-tools-page.ts';
import { createControlHandlers } from './control.ts';
import { createFakeProcore, type FakeProcore, type FakeProcoreOptions } from './fake.ts';
import { createProcoreHandlers } from './handlers.ts';

export interface FakeProcoreServerOptions extends FakeProcoreOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The SALUS app's origin, framed by the simulated Company Tools page (demo and e2e). */
  appUrl?: string;
}

export interface FakeProcoreServer {
  /** Origin of both the API and the login host, e.g. `http://127.0.0.1:53211`. */
  url: string;
  fake: FakeProcore;
  /** Points the simulated Company Tools page at the SALUS app. */
  setAppUrl(url: string): void;
  /** What the scenario picker also resets (the demo app's own state); awaited before reloading. */
  onScenarioSwitch(handler: () => Promise<void>): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function toRequest(req: IncomingMessage, origin: string, body: Buffer): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && body.length > 0;
  return new Request(new URL(req.url ?? '/', origin), {
    method,
    headers,
    ...(hasBody ? { body: new Uint8Array(body) } : {}),
  });
}

async function respond(
  handlers: RequestHandler[],
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const response = await getResponse(handlers, toRequest(req, origin, await readBody(req)));
  if (!response) {
    res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"errors":"Not Found"}');
    return;
  }
  if (response.type === 'error') {
    // A dropped connection: the client sees a network error, not a status.
    req.socket.destroy();
    return;
  }
  const headers: OutgoingHttpHeaders = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

export async function startFakeProcoreServer(
  options: FakeProcoreServerOptions = {},
): Promise<FakeProcoreServer> {
  const { host = '127.0.0.1', port = 0, appUrl, ...fakeOptions } = options;
  const app: AppLocation = { appUrl: appUrl ?? null, onSwitch: null };
  const fake = createFakeProcore(fakeOptions);
  let handlers: RequestHandler[] = [];
  let origin = '';
  const server = createServer((req, res) => {
    respond(handlers, origin, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: `fake procore: ${String(error)}` }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${hostPart}:${address.port}`;
  handlers = [
    ...createCompanyToolsHandlers(fake, origin, app),
    ...createControlHandlers(fake, origin),
    ...createProcoreHandlers(fake, { baseUrl: origin }),
  ];
  return {
    url: origin,
    fake,
    setAppUrl: (url) => {
      app.appUrl = url.replace(/\/+$/, '');
    },
    onScenarioSwitch: (handler) => {
      app.onSwitch = handler;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        fake.dispose();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
