/**
 * npm run import -- <file> [<file>...]
 * Loads organisations from our CSV, a GeoJSON FeatureCollection or the official OPP list. Prints a report with
 * every bad row and its reason; exits 1 when a file could not be read or had bad rows, 0 otherwise.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from '../../prisma/database.js';
import { ensureCategories } from '../../prisma/seed/index.js';
import { parseOrganizationFile } from '../import/organizations.js';
import { importOrganizations } from '../import/import-organizations.js';
import { loadCategoryLookup } from '../import/category-lookup.js';

const files = process.argv.slice(2).filter((a) => a !== '--');
if (files.length === 0) {
  console.error('Usage: npm run import -- <organizations.csv|.geojson|opp-list.csv> [...]\nSee README.md, "Importing organisations".');
  process.exit(2);
}

const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
let failed = false;
try {
  await ensureCategories(db.prisma);
  const lookup = await loadCategoryLookup(db.prisma);
  for (const file of files) {
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (err) {
      console.error(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      failed = true;
      continue;
    }
    const parsed = parseOrganizationFile(file, content, lookup);
    const r = await importOrganizations(db.prisma, parsed, basename(file));
    console.log(`${file} (${r.format}): ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.unlocated} without coordinates${r.demoRemoved ? `, ${r.demoRemoved} demo organisations removed` : ''}`);
    for (const p of r.problems) console.log(`  ${p.ref}: ${p.reason}`);
    if (r.problems.length) {
      console.log(`  ${r.problems.length} problem(s); the good rows were loaded.`);
      failed = true;
    }
  }
} finally {
  await db.close();
}
process.exit(failed ? 1 : 0);
