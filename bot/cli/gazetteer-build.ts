/**
 * npm run gazetteer:build [-- --check]
 * Rebuilds bot/geo/data/gazetteer.koszalin.json from the committed sources in bot/geo/data/sources/ (and any
 * OpenStreetMap extract or PRG/TERYT address CSV in bot/geo/data/sources/imports/). Byte-for-byte reproducible.
 * --check: write nothing, exit 1 if the shipped file differs from a fresh build.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_GAZETTEER, GEO_DATA_DIR } from '../geo/index.js';
import { buildGazetteer, readBuildSources, serializeGazetteer } from '../geo/gazetteer-build.js';

const doc = buildGazetteer(readBuildSources(join(GEO_DATA_DIR, 'sources')));
const bytes = serializeGazetteer(doc);
const count = (k: string) => doc.entries.filter((e) => e.kind === k).length;
const summary = `${count('street')} streets (${doc.entries.filter((e) => e.addresses?.length).length} with address points), ${count('district')} districts, ${count('landmark')} landmarks, ${Object.keys(doc.postcodes ?? {}).length} postcode points; hand-placed: ${doc.entries.filter((e) => e.handPlaced).length}`;
if (process.argv.includes('--check')) {
  const same = readFileSync(DEFAULT_GAZETTEER, 'utf8') === bytes;
  console.log(
    same
      ? `${DEFAULT_GAZETTEER} is up to date: ${summary}`
      : `${DEFAULT_GAZETTEER} differs from a fresh build: run npm run gazetteer:build`,
  );
  process.exit(same ? 0 : 1);
}
writeFileSync(DEFAULT_GAZETTEER, bytes);
console.log(`Written ${DEFAULT_GAZETTEER}: ${summary}`);
