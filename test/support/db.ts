/**
 * Test databases. Files named *.db.test.ts run twice: in the "pglite" project on in-memory PGlite and in the
 * "postgres" project on a fresh database of the throwaway cluster. Nothing is mocked.
 */
import { inject } from 'vitest';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openDatabase, type Database } from '../../prisma/database.js';

export const testDbKind: 'pglite' | 'postgres' = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/** A new, empty, migrated database URL on the cluster (postgres project only). */
export async function createPgDatabase(): Promise<string> {
  const base = inject('pgUrl');
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

let template: Uint8Array<ArrayBuffer> | undefined;

/**
 * A fresh migrated database of this project's kind. Close it in afterAll/afterEach. On PGlite it starts from the
 * migrated dump the global setup made (test/support/global-setup-pglite.ts); `migrate: false` gives an empty one.
 */
export async function openTestDatabase(
  opts: { migrate?: boolean /** an empty cluster migrated now, not the dump */; fresh?: boolean } = {},
): Promise<Database> {
  if (testDbKind === 'postgres') return openDatabase({ databaseUrl: await createPgDatabase(), migrate: opts.migrate, poolSize: 20 });
  if (opts.migrate === false || opts.fresh) return openDatabase({ dataDir: 'memory://', migrate: opts.migrate });
  template ??= readFileSync(inject('pgliteTemplate'));
  return openDatabase({ dataDir: 'memory://', pgliteTemplate: template });
}
