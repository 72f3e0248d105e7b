/**
 * Vitest global setup of the "pglite" project: the production build for the tests that start the real process
 * (rebuilt when a source is newer), and one migrated PGlite database dumped to a file, which every test database
 * starts from (test/support/db.ts): no initdb and no migrations per test file. test/schema.db.test.ts still
 * migrates an empty database itself.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../prisma/database.js';

export default async function setup(project: TestProject) {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale', '--tolerate-type-errors'], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'koszalin-pglite-template-'));
  const db = await openDatabase({ dataDir: 'memory://' });
  const dump = await db.backup!();
  await db.close();
  const file = join(dir, 'migrated.tar.gz');
  writeFileSync(file, dump);
  project.provide('pgliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
