/**
 * The place finder on the shipped data alone (gazetteer, postcodes, boundary; no database, no online geocoder),
 * built once per process: for the understanding step in tests, the corpus evaluation and benchmarks.
 */
import { join } from 'node:path';
import { Gazetteer } from './gazetteer.js';
import { LocationResolver } from './location-resolver.js';
import { CityBoundary, loadBoundaryFeature } from './boundary.js';
import { BOUNDARY_FILE, DEFAULT_GAZETTEER, GEO_DATA_DIR } from './index.js';

let cached: LocationResolver | undefined;

export function offlinePlaces(): LocationResolver {
  cached ??= new LocationResolver(
    Gazetteer.load(DEFAULT_GAZETTEER, join(GEO_DATA_DIR, 'koszalin_postcodes_pna2024.csv')),
    new CityBoundary(loadBoundaryFeature(BOUNDARY_FILE)),
  );
  return cached;
}
