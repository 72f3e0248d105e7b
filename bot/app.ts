/**
 * Builds the Express app (without listening), so tests drive real HTTP in-process on port 0.
 * Routes are added by the channel adapters and the map; this module only wires what every deployment has.
 */
import express, { type Express, type Request, type Response, type NextFunction } from 'express';
import compression from 'compression';
import type { Database } from '../prisma/database.js';
import type { Logger } from './logger.js';

export interface AppDeps {
  db: Database;
  logger: Logger;
  /** Extra routers mounted by the composition root (SMS, Telegram, map, API). */
  mount?: Array<(app: Express) => void>;
  /** Reports which channels are live or local, shown on /healthz. */
  channels?: Record<string, string>;
  /** When true, webhooks answer 503 (shutdown in progress). */
  isDraining?: () => boolean;
  /** Express 'trust proxy' (TRUST_PROXY): which proxies may tell us the client address. Default: loopback. */
  trustProxy?: string | number | boolean;
  /**
   * Provider webhooks (Twilio, Telegram): mounted first, without the browser-facing middleware (compression,
   * security headers), which does nothing for a provider and costs on every turn.
   */
  webhooks?: Array<(app: Express) => void>;
  /** Mounted before every other route (security headers, rate limits). */
  before?: Array<(app: Express) => void>;
  /**
   * Whether a request may see /healthz's details (database kind, channel modes): this machine or the metrics
   * token (ops-access.ts). Everyone else gets only the status, enough for a load balancer. Default: everyone.
   */
  healthDetails?: (req: Request) => boolean;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Proxies on this machine (a local nginx) may set X-Forwarded-For; others may not (rate limits are per client).
  app.set('trust proxy', deps.trustProxy ?? 'loopback');
  // While draining, every answer closes its connection, so keep-alive clients reconnect to the next instance.
  app.use((_req, res, next) => {
    if (deps.isDraining?.()) res.set('Connection', 'close');
    next();
  });
  for (const w of deps.webhooks ?? []) w(app);
  app.use(compression());
  for (const b of deps.before ?? []) b(app);

  app.get('/healthz', async (req, res) => {
    const dbUp = await deps.db.ping();
    const draining = deps.isDraining?.() ?? false;
    const status = dbUp ? (draining ? 'draining' : 'ok') : 'database unavailable';
    res
      .status(dbUp && !draining ? 200 : 503)
      .json(
        (deps.healthDetails?.(req) ?? true)
          ? { status, database: { kind: deps.db.kind, reachable: dbUp }, channels: deps.channels ?? {} }
          : { status },
      );
  });

  for (const m of deps.mount ?? []) m(app);

  app.use((req, res) => {
    res.status(404).json({ error: 'not found', path: req.path });
  });
  // One error handler: log with context, answer without internals.
  app.use((err: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status >= 500) deps.logger.error({ err, path: req.path, method: req.method }, 'request failed');
    if (res.headersSent) return;
    res.status(status).json({ error: status === 500 ? 'internal error' : err.message });
  });
  return app;
}
