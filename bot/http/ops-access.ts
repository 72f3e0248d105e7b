/**
 * Who may read the operational endpoints (/metrics, and the details of /healthz): requests from this machine,
 * or requests with `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time). Without METRICS_TOKEN
 * only this machine (a Prometheus or monitoring agent on the host, or an SSH tunnel).
 *
 * "This machine" means the TCP peer is loopback AND the client address Express derives (TRUST_PROXY) is
 * loopback: a request relayed by a reverse proxy on this machine for a client elsewhere carries that client in
 * X-Forwarded-For and is therefore remote. (A local proxy that does not set X-Forwarded-For makes every request
 * look local: nginx needs `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`, see README.)
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Logger } from '../logger.js';

const digest = (s: string) => createHash('sha256').update(s).digest();
const isLoopback = (ip: string | undefined) => !!ip && (ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.'));

export type OpsVerdict = 'allowed' | 'no-token-configured' | 'bad-token';

export interface OpsAccess {
  check(req: Request): OpsVerdict;
  /** Express guard: 403 (no token configured, not this machine) or 401 (missing or wrong token). */
  guard: RequestHandler;
}

export function opsAccess(o: { token?: string; logger: Pick<Logger, 'warn'> }): OpsAccess {
  const want = o.token ? digest(o.token) : undefined;
  const check = (req: Request): OpsVerdict => {
    if (isLoopback(req.socket.remoteAddress) && isLoopback(req.ip)) return 'allowed';
    if (!want) return 'no-token-configured';
    const m = /^Bearer ([\x21-\x7e]+)$/.exec(req.header('authorization') ?? '');
    return m && timingSafeEqual(digest(m[1]!), want) ? 'allowed' : 'bad-token';
  };
  const guard: RequestHandler = (req, res, next) => {
    const v = check(req);
    if (v === 'allowed') return next();
    // No address, no header value: only which endpoint and why.
    o.logger.warn({ path: req.path, reason: v }, 'operational endpoint refused');
    if (v === 'bad-token') return void res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').json({ error: 'unauthorized' });
    res.status(403).json({ error: 'only from this machine, or set METRICS_TOKEN' });
  };
  return { check, guard };
}
