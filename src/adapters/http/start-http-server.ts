import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface HttpServer {
  port: number;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** Serves the app on `port` (0: any free port) on every interface. */
export async function startHttpServer(app: Hono, port: number): Promise<HttpServer> {
  const server = serve({ fetch: app.fetch, port, hostname: '0.0.0.0' }) as Server;
  await new Promise<void>((resolve, reject) => {
    if (server.listening) resolve();
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
