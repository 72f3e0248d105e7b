/**
 * Starts everything for one process: database, seed data, HTTP server and channels.
 * Returned `stop()` drains and closes in order. Used by main.ts and by the end-to-end tests.
 */
import type { Server } from 'node:http';
import { openDatabase, type Database } from '../prisma/database.js';
import { seedIfEmpty } from '../prisma/seed/index.js';
import { createApp } from './app.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

export interface RunningServer {
  db: Database;
  http: Server;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  logger.info({ database: db.location, migrationsApplied: db.migrations }, db.migrations.length ? `database ready (${db.migrations.length} migrations applied)` : 'database ready (up to date)');
  const demo = await seedIfEmpty(db.prisma, config.demoData);
  if (demo) logger.info(demo, 'empty database: loaded the DEMO dataset (invented organisations, marked as demo). Import real data with `npm run import -- <file>`.');

  let draining = false;
  const channels: Record<string, string> = {};
  const app = createApp({ db, logger, channels, isDraining: () => draining });
  const http = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const addr = http.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://localhost:${port}`;
  logger.info({ port }, `listening on ${url} (public URL ${config.publicUrl})`);
  return {
    db,
    http,
    url,
    stop: async () => {
      draining = true;
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await db.close();
    },
  };
}
