/** Listening and the graceful close of the HTTP server. */
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from '../logger.js';

export async function listen(app: Express, o: { port: number; host: string }): Promise<{ http: Server; port: number; url: string }> {
  const http = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(o.port, o.host, () => resolve(s));
    s.once('error', reject);
  });
  const addr = http.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  return { http, port, url: `http://localhost:${port}` };
}

/**
 * Requests in flight finish (new webhooks meanwhile get 503 and are retried by the provider); after `timeoutMs`
 * (SHUTDOWN_TIMEOUT_MS) whatever still hangs is cut.
 */
export function closeGracefully(http: Server, timeoutMs: number, logger: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => {
      logger.warn({ timeoutMs }, 'shutdown: closing connections still open');
      http.closeAllConnections();
    }, timeoutMs);
    http.close(() => {
      clearTimeout(cut);
      resolve();
    });
    http.closeIdleConnections();
  });
}
