/**
 * Per-start secrets and the admin handle. On the embedded database the server makes a fresh admin token at each
 * start and publishes it, with local mode's SMS token, in <data dir>/admin.json (bot/cli/running-server.ts), which
 * `npm run admin`, `npm run backup` and `npm run chat -- --url` read; the file is removed at shutdown.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../../prisma/database.js';
import type { Config } from '../config.js';
import { writeAdminHandle } from '../cli/running-server.js';

/** Local mode's SMS webhook token: made at each start, never logged nor shown on /healthz; only the admin handle has it. */
export function newLocalSmsToken(): string {
  return randomBytes(32).toString('hex');
}

export interface AdminAccess {
  /** The admin endpoint's token: ADMIN_TOKEN, or a fresh one when this process owns the data directory; else none. */
  token?: string;
  /** This process owns an embedded data directory on disk (not a database handed in, not memory://): it keeps the handle. */
  ownsDataDir: boolean;
}

/** Admin endpoint: ADMIN_TOKEN, or on the embedded database a fresh token per start published in <data dir>/admin.json. */
export function adminAccess(config: Config, db: Database, dbHandedIn: boolean): AdminAccess {
  const ownsDataDir = db.kind === 'pglite' && !dbHandedIn && !config.dataDir.startsWith('memory://');
  return { token: config.adminToken ?? (ownsDataDir ? randomBytes(24).toString('hex') : undefined), ownsDataDir };
}

/** Writes the admin handle once we listen; returns what removes it (a no-op when there is none to write). */
export function publishAdminHandle(config: Config, access: AdminAccess, o: { port: number; smsToken?: string }): () => void {
  if (!access.ownsDataDir || !access.token) return () => undefined;
  // The CLI reaches us on loopback when we listen on every interface, else on the address we listen on.
  const adminHost = ['0.0.0.0', '::', ''].includes(config.host)
    ? '127.0.0.1'
    : config.host.includes(':')
      ? `[${config.host}]`
      : config.host;
  return writeAdminHandle(config.dataDir, {
    url: `http://${adminHost}:${o.port}`,
    token: access.token,
    pid: process.pid,
    smsToken: o.smsToken,
    publicUrl: config.publicUrl,
  });
}
