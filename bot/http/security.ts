/**
 * HTTP hardening for the public site: security headers (helmet) with a content security policy that fits the
 * map (our own scripts, Leaflet's inline styles, tiles from the configured tile server), embedding allowed
 * (the map is meant for iframes on the city's site), and a per-client rate limit on the public JSON API.
 */
import type { Express } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';

export function mountSecurity(app: Express, o: { apiRequestsPerMinute: number }) {
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'https:', 'http:'],
          'connect-src': ["'self'"],
          'frame-ancestors': ['*'],
          'upgrade-insecure-requests': null,
        },
      },
      frameguard: false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(
    '/api/',
    rateLimit({
      windowMs: 60_000,
      limit: o.apiRequestsPerMinute,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      handler: (_req, res) => void res.status(429).json({ error: 'too many requests, slow down' }),
    }),
  );
}
