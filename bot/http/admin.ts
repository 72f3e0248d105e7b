/**
 * Authenticated admin endpoints under /admin (the only way besides the `npm run admin|backup` commands to do
 * admin work; chat users never can). Authentication: `Authorization: Bearer <token>`, compared in constant time.
 * The token is ADMIN_TOKEN, or, on the embedded database without ADMIN_TOKEN, a random token made at each start
 * and written with the server's URL to <data dir>/admin.json (mode 0600), where the CLI commands find it: whoever
 * may read the data directory may already read all the data. Without a token the endpoints do not exist (404).
 * Failed attempts are rate limited per client and logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Database } from '../../prisma/database.js';
import type { Logger } from '../logger.js';
import { AdminError } from '../admin/roles.js';
import { runAdminCommand } from '../admin/commands.js';

export interface AdminDeps {
  token: string;
  db: Database;
  logger: Logger;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function mountAdmin(app: Express, deps: AdminDeps): void {
  const want = digest(deps.token);
  const failures = rateLimit({
    windowMs: 60_000,
    limit: 10,
    skipSuccessfulRequests: true,
    // Only refused tokens count; a 400 for a mistyped command is not an attack.
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => void res.status(429).json({ error: 'too many failed attempts, wait a minute' }),
  });
  const auth = (req: Request, res: Response, next: NextFunction) => {
    const m = /^Bearer ([\x21-\x7e]+)$/.exec(req.header('authorization') ?? '');
    if (!m || !timingSafeEqual(digest(m[1]!), want)) {
      deps.logger.warn(
        { path: req.path, loopback: req.socket.remoteAddress?.includes('127.0.0.1') || req.socket.remoteAddress === '::1' },
        'admin request refused: missing or wrong token',
      );
      res.status(401).set('WWW-Authenticate', 'Bearer realm="admin"').json({ error: 'unauthorized' });
      return;
    }
    next();
  };
  const router = express.Router();
  router.use(failures, auth, express.json({ limit: '16kb' }));

  router.post('/backup', async (_req, res) => {
    if (!deps.db.backup) return void res.status(501).json({ error: 'PostgreSQL: back up with pg_dump (see README)' });
    const started = performance.now();
    const data = await deps.db.backup();
    deps.logger.info({ bytes: data.length, ms: Math.round(performance.now() - started) }, 'backup taken');
    res.set('Content-Type', 'application/gzip').set('Content-Disposition', 'attachment; filename="koszalin-backup.tar.gz"').send(data);
  });

  /** { "args": ["grant-coordinator", "--org", "3", "--phone", "+48…"] }: the same commands as `npm run admin`. */
  router.post('/command', async (req, res) => {
    const args = (req.body as { args?: unknown } | undefined)?.args;
    if (!Array.isArray(args) || !args.every((a) => typeof a === 'string') || args.length > 20)
      return void res.status(400).json({ error: 'body must be {"args": ["command", "--option", "value", …]}' });
    try {
      const output = await runAdminCommand(deps.db.prisma, args as string[]);
      deps.logger.info({ command: args[0] }, 'admin command run');
      res.json({ output });
    } catch (err) {
      if (err instanceof AdminError) return void res.status(400).json({ error: err.message });
      throw err;
    }
  });

  app.use('/admin', router);
}
