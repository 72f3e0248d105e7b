/**
 * npm run gazetteer:import -- <osm-extract.geojson | addresses.csv> [--replace] [--out file.json]
 * Extends (or with --replace, replaces by kind) the gazetteer with official or open data. Writes to --out, or
 * to GAZETTEER_FILE, or over the shipped bot/geo/data/gazetteer.koszalin.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { DEFAULT_GAZETTEER } from '../geo/index.js';
import { mergeGazetteer, placesFromAddressCsv, placesFromOsmGeoJson } from '../geo/gazetteer-import.js';
import type { GazetteerDoc } from '../geo/gazetteer.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--out');
if (!file) {
  console.error('Usage: npm run gazetteer:import -- <osm-extract.geojson | addresses.csv> [--replace] [--out file.json]');
  process.exit(2);
}
const outIdx = args.indexOf('--out');
const target = outIdx >= 0 ? args[outIdx + 1]! : (process.env.GAZETTEER_FILE ?? DEFAULT_GAZETTEER);
const current = JSON.parse(readFileSync(process.env.GAZETTEER_FILE ?? DEFAULT_GAZETTEER, 'utf8')) as GazetteerDoc;
const content = readFileSync(file, 'utf8');
try {
  const imported = ['.json', '.geojson'].includes(extname(file).toLowerCase())
    ? placesFromOsmGeoJson(content, basename(file))
    : placesFromAddressCsv(content, basename(file));
  const r = mergeGazetteer(current, imported, args.includes('--replace'));
  writeFileSync(target, JSON.stringify(r.doc, null, 1));
  console.log(
    `${file}: ${r.added} places added, ${r.replaced} replaced, ${imported.skipped} features skipped (no name, no geometry or not a place). Written to ${target}. Restart the server to use it.`,
  );
} catch (err) {
  console.error(`${file}: ${(err as Error).message}`);
  process.exit(1);
}
