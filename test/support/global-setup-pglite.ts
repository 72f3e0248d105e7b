/**
 * Vitest global setup of the "pglite" project: the production build for the tests that start the real process
 * (rebuilt when a source is newer), and one migrated PGlite database dumped to a file, which every test database
 * starts from (test/support/db.ts): no initdb and no migrations per test file. test/schema.db.test.ts still
 * migrates an empty database itself.
 *
 * Making the dump costs PGlite's initdb (5–9 s on two busy cores, before any test can start), so it is kept in
 * node_modules/.cache/ under a hash of everything it is made from: the PGlite version, its start parameters and the
 * database factory (prisma/database.ts), the migration runner and every migration. Any change there makes a new
 * one; TEST_FRESH_TEMPLATE=1 makes one regardless.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../prisma/database.js';
import { listMigrations } from '../../prisma/migrate.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.cache/koszalin-test-template');

function templateKey(): string {
  const h = createHash('sha256');
  h.update(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'))); // its version
  for (const f of ['prisma/database.ts', 'prisma/migrate.ts']) h.update(readFileSync(join(ROOT, f)));
  for (const m of listMigrations()) h.update(`${m.name}\0${m.checksum}\0`);
  return h.digest('hex').slice(0, 16);
}

export default async function setup(project: TestProject) {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--tolerate-type-errors'], { stdio: 'inherit' });
  const file = join(CACHE, `migrated-${templateKey()}.tar.gz`);
  if (!existsSync(file) || process.env.TEST_FRESH_TEMPLATE === '1') {
    const db = await openDatabase({ dataDir: 'memory://' });
    const dump = await db.backup!();
    await db.close();
    mkdirSync(CACHE, { recursive: true });
    // Older templates go after a day (a run on another checkout of the same directory may still read one now).
    for (const old of readdirSync(CACHE))
      if (Date.now() - statSync(join(CACHE, old)).mtimeMs > 86_400_000) rmSync(join(CACHE, old), { force: true });
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, dump);
    renameSync(partial, file); // a run started at the same time never reads half a file
  }
  project.provide('pgliteTemplate', file);
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
