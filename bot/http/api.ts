/** Public JSON API: the ranking the bot uses, for the map and anyone else. */
import type { Express, Request, Response } from 'express';
import type { Geo } from '../geo/index.js';

export class BadRequest extends Error {
  status = 400;
}

function numberParam(
  req: Request,
  name: string,
  o: { min: number; max: number; required?: boolean; dflt?: number; integer?: boolean },
): number | undefined {
  const raw = req.query[name];
  if (raw === undefined || raw === '') {
    if (o.required) throw new BadRequest(`${name} is required`);
    return o.dflt;
  }
  const n = Number(String(raw).replace(',', '.'));
  if (typeof raw !== 'string' || !Number.isFinite(n) || n < o.min || n > o.max || (o.integer && !Number.isInteger(n)))
    throw new BadRequest(`${name} must be a ${o.integer ? 'whole number' : 'number'} from ${o.min} to ${o.max}`);
  return n;
}

export function mountApi(app: Express, geo: Geo): void {
  app.get('/api/organizations/nearest', async (req: Request, res: Response, next) => {
    try {
      const lat = numberParam(req, 'lat', { min: -90, max: 90, required: true })!;
      const lng = numberParam(req, 'lng', { min: -180, max: 180, required: true })!;
      const limit = numberParam(req, 'limit', { min: 1, max: 50, dflt: 5, integer: true })!;
      const offset = numberParam(req, 'offset', { min: 0, max: 100_000, dflt: 0, integer: true })!;
      const category = typeof req.query.category === 'string' && req.query.category ? req.query.category : undefined;
      if (category && !(await geo.categories.list()).some((c) => c.slug === category))
        throw new BadRequest(`unknown category "${category}"`);
      const index = await geo.directory.current();
      const results = index.nearest({ lat, lng }, { limit, offset, category });
      res.json({
        point: { lat, lng },
        insideCity: geo.resolver.inside({ lat, lng }),
        category: category ?? null,
        total: index.count(category),
        results: results.map((r) => ({ ...r.organization, distanceMeters: Math.round(r.distanceMeters * 10) / 10 })),
      });
    } catch (err) {
      next(err);
    }
  });
}
