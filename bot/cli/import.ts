/**
 * npm run import -- <file> [<file>...]
 * Loads organisations from our CSV, a GeoJSON FeatureCollection or the official OPP list. Prints a report with
 * every bad row and its reason; exits 1 when a file could not be read or had bad rows, 0 otherwise.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from '../../prisma/database.js';
import { ensureCategories } from '../../prisma/seed/index.js';
import { parseOrganizationFile } from '../import/organizations.js';
import { importOrganizations } from '../import/import-organizations.js';
import { loadCategoryLookup } from '../import/category-lookup.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
// --file-date YYYY-MM-DD: the date the file's data is from (default: the file's modification time); --force:
// overwrite even fields an organisation set itself later (issue 17).
const force = args.includes('--force');
const dateAt = args.indexOf('--file-date');
const fileDateArg = dateAt >= 0 ? args[dateAt + 1] : undefined;
if (fileDateArg !== undefined && Number.isNaN(Date.parse(fileDateArg))) {
  console.error(`--file-date "${fileDateArg}" is not a date (YYYY-MM-DD)`);
  process.exit(2);
}
const files = args.filter((a, i) => a !== '--force' && a !== '--file-date' && !(dateAt >= 0 && i === dateAt + 1));
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
    const r = await importOrganizations(db.prisma, parsed, basename(file), {
      force,
      fileDate: fileDateArg ? new Date(fileDateArg) : statSync(file).mtime,
    });
    console.log(
      `${file} (${r.format}): ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.unlocated} without coordinates${r.demoRemoved ? `, ${r.demoRemoved} demo organisations removed` : ''}`,
    );
    for (const k of r.kept)
      console.log(`  ${k.ref}: kept the organisation's own ${k.fields.join(', ')} (set after the file's date; --force overwrites)`);
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
