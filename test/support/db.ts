/**
 * Test databases. Files named *.db.test.ts run twice: in the "pglite" project on in-memory PGlite and in the
 * "postgres" project on a fresh database of the throwaway cluster. Nothing is mocked.
 */
import { inject } from 'vitest';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGLITE_START_PARAMS, openDatabase, pgliteDatabase, type Database } from '../../prisma/database.js';
import { applyMigrations } from '../../prisma/migrate.js';
import { untarGz } from './untar.js';

export const testDbKind: 'pglite' | 'postgres' = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/**
 * A new database on the cluster (postgres project only): a copy of the migrated one the global setup made
 * (test/support/global-setup-postgres.ts), or with `empty: true` one with no tables at all.
 */
export async function createPgDatabase(o: { empty?: boolean } = {}): Promise<string> {
  const base = inject('pgUrl');
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${o.empty ? '' : ` TEMPLATE ${inject('pgTemplate')}`}`);
  } finally {
    await admin.end();
  }
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

let template: Uint8Array<ArrayBuffer> | undefined;

/**
 * A migrated database of this project's kind, empty and the test's alone until it closes it (afterAll/afterEach).
 * On PostgreSQL a new database of the cluster, copied from the migrated one; on PGlite one that started from the
 * migrated dump the global setup made (test/support/global-setup-pglite.ts), possibly lent again (below).
 * `fresh: true` gives an empty database migrated now (the migrations themselves under test), `migrate: false` an
 * empty one.
 */
export async function openTestDatabase(
  opts: { migrate?: boolean /** an empty cluster migrated now, not the dump */; fresh?: boolean } = {},
): Promise<Database> {
  if (testDbKind === 'postgres') {
    const empty = opts.migrate === false || opts.fresh;
    return openDatabase({ databaseUrl: await createPgDatabase({ empty }), migrate: opts.migrate, poolSize: 20 });
  }
  if (opts.migrate === false || opts.fresh) return openDatabase({ dataDir: 'memory://', migrate: opts.migrate });
  template ??= readFileSync(inject('pgliteTemplate'));
  if (process.env.TEST_FRESH_DATABASES === '1') return openDatabase({ dataDir: 'memory://', pgliteTemplate: template });
  return lendPglite();
}

/*
 * In-memory PGlite databases are lent to one test (file) after another within a worker. Starting PGlite from the
 * dump costs 1–2 s of CPU each time (its runtime, the dump into its in-memory file system, PostgreSQL's start):
 * 55 times per run, a quarter of the suite's CPU. A database given back is emptied (TRUNCATE … RESTART IDENTITY:
 * no rows, every id counter back at 1) and its session reset (DISCARD ALL: settings, prepared statements, advisory
 * locks, temporary tables, LISTEN), and it is lent again only if its schema is still exactly the dump's: a test that
 * left a table, a function or a trigger behind (to make the database fail on purpose) has its database closed,
 * never passed on; so does one that gives it back inside a transaction. After close() the handle throws, as a
 * closed PGlite does, instead of reaching the next borrower's data. TEST_FRESH_DATABASES=1 starts a new PGlite for
 * every database instead.
 */
const idle: PGlite[] = [];
const MAX_IDLE = 2;
let dumpSchema: string | undefined;
let dumpTables = '';

/** Everything a test could have added to or changed in the schema, as one hash. */
const SCHEMA = `SELECT md5(string_agg(x, ',' ORDER BY x)) AS hash FROM (
  SELECT concat_ws(':', 'c', n.nspname, c.relname, c.relkind) AS x FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  UNION ALL SELECT concat_ws(':', 'a', a.attrelid::regclass, a.attname, a.atttypid, a.attnotnull, a.atthasdef) FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL SELECT concat_ws(':', 'p', n.nspname, p.proname, md5(p.prosrc)) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL SELECT concat_ws(':', 't', tgrelid::regclass, tgname, tgenabled) FROM pg_trigger
  UNION ALL SELECT concat_ws(':', 'e', enumtypid::regtype, enumlabel) FROM pg_enum
  UNION ALL SELECT concat_ws(':', 'k', conrelid::regclass, conname, md5(pg_get_constraintdef(oid))) FROM pg_constraint
    WHERE connamespace = 'public'::regnamespace
  UNION ALL SELECT concat_ws(':', 'd', adrelid::regclass, adnum, md5(pg_get_expr(adbin, adrelid))) FROM pg_attrdef
) s`;

const schemaOf = async (c: PGlite) => (await c.query<{ hash: string }>(SCHEMA)).rows[0]!.hash;

async function lendPglite(): Promise<Database> {
  let client = idle.pop();
  if (!client) {
    client = new PGlite({ loadDataDir: new Blob([template!]), startParams: PGLITE_START_PARAMS });
    await client.waitReady;
    if (!dumpSchema) {
      dumpSchema = await schemaOf(client);
      const tables = await client.query<{ t: string }>(
        `SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_app_migrations'`,
      );
      dumpTables = tables.rows.map((r) => r.t).join(', ');
    }
  }
  const c = client;
  let lent = true;
  const handle = new Proxy(c, {
    get(target, prop) {
      if (!lent) throw new Error('this test database has been closed');
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const db = pgliteDatabase(handle, 'PGlite (in memory)', async () => {
    lent = false;
    await giveBack(c);
  });
  db.migrations.push(...(await db.withSession((s) => applyMigrations(s)))); // as openDatabase does: none pending
  return db;
}

async function giveBack(c: PGlite): Promise<void> {
  const reset = async () => {
    if (idle.length >= MAX_IDLE) return false;
    if ((await schemaOf(c)) !== dumpSchema) return false;
    // TRUNCATE, not DELETE: new empty files, so rows come back in the order a new database returns them (the
    // order of rows read without ORDER BY then matches a fresh database's; DELETE left it to the freed space).
    await c.exec(`TRUNCATE ${dumpTables} RESTART IDENTITY CASCADE`);
    await c.exec('DISCARD ALL'); // fails inside a transaction block: then the database is not lent again
    return true;
  };
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 10_000))); // a query that never ends
  const reusable = await Promise.race([reset().catch(() => false), stuck]);
  clearTimeout(timer);
  if (reusable) idle.push(c);
  else void c.close().catch(() => undefined);
}

/**
 * Fills an embedded data directory (a spawned server's, a CLI's) from the same migrated dump: the database a first
 * start on an empty directory makes, without paying PGlite's initdb in that process (5–9 s of CPU each).
 * test/server.test.ts is the test of that first start itself. Returns `dataDir`.
 */
export function seedDataDir(dataDir: string): string {
  template ??= readFileSync(inject('pgliteTemplate'));
  untarGz(template, dataDir);
  return dataDir;
}
