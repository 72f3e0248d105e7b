/** Starts the real server in-process on port 0 against a test database, with a given environment. */
import { loadConfig } from '../../bot/config.js';
import { createLogger } from '../../bot/logger.js';
import { startServer, type ServerOverrides } from '../../bot/server.js';
import { openTestDatabase } from './db.js';

export async function startTestServer(env: Record<string, string> = {}, overrides: ServerOverrides = {}) {
  const db = overrides.db ?? (await openTestDatabase());
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DEMO_DATA: 'false', ...env });
  return startServer(config, createLogger(process.env.TEST_LOG ?? 'silent'), { ...overrides, db });
}
