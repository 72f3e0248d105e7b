/**
 * One factory for the database: embedded PGlite by default, PostgreSQL when a URL is given.
 *
 * Both run the same SQL migrations (see migrate.ts) and the same Prisma client. Callers get a
 * {@link Database} with the Prisma client for queries and a raw SQL session for the few things Prisma
 * cannot express (migrations, row locks, health checks).
 *
 * @example
 *   const db = await openDatabase({ dataDir: './data' });      // embedded
 *   const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.js';
import { applyMigrations, type MigrationReport, type SqlSession } from './migrate.js';

export { PrismaClient };
export * from './generated/enums.js';
export type * from './generated/models.js';

export interface DatabaseOptions {
  /** postgresql://… — when set, PostgreSQL is used and dataDir is ignored. */
  databaseUrl?: string;
  /** PGlite data directory; `memory://` (or undefined) keeps everything in memory, for tests. */
  dataDir?: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /**
   * PGlite in memory only: start from this dump (a `backup()` of a migrated database) instead of an empty cluster.
   * Skips initdb and the migrations already in it; the tests use one migrated dump for every database they open.
   */
  pgliteTemplate?: Uint8Array<ArrayBuffer>;
}

/** One parameterised SQL statement on any connection of the database. */
export type SqlFn = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** A Date as a parameter for a `timestamp(3)` column (UTC wall time, as Prisma stores it): use with `$n::timestamp`. */
export const sqlTimestamp = (d: Date): string => d.toISOString().slice(0, 23);

/**
 * The database as the product uses it. How SQL is written here, one rule per purpose:
 *  - Prisma's query API for everything it can express;
 *  - raw SQL it cannot express (FOR UPDATE, SKIP LOCKED claims, CTEs) as Prisma's tagged template
 *    (`prisma.$queryRaw\`…${value}…\`` / `tx.$queryRaw` inside `prisma.$transaction`): values are always bound,
 *    never concatenated, and the statement joins the surrounding Prisma transaction;
 *  - the per-turn hot path only (inbound claim, contact, dialog state) as `db.sql(text, params)`: one statement,
 *    positional `$n` parameters, straight to the driver;
 *  - `withSession` for what needs one connection and several statements (migrations, backups, tests).
 * No `$queryRawUnsafe` / `$executeRawUnsafe` in the product.
 */
export interface Database {
  prisma: PrismaClient;
  /**
   * The hot path of every turn (inbound id, quota, contact, dialog state) in plain SQL: a Prisma query costs
   * about 0.6 ms of CPU, the driver's about 0.2 ms, and a turn makes several (see bench/RESULTS.md).
   */
  sql: SqlFn;
  kind: 'pglite' | 'postgres';
  /** Human-readable location without secrets, for logs. */
  location: string;
  /** Migrations applied by this open (empty on a second start). */
  migrations: MigrationReport;
  /** Runs raw SQL in one session (one connection) — multi-statement `exec` and parameterised `query`. */
  withSession<T>(fn: (s: SqlSession) => Promise<T>): Promise<T>;
  /** true when a trivial query succeeds. */
  ping(): Promise<boolean>;
  /**
   * Embedded mode only: a consistent gzip'd tar of the data directory, taken while the database is in use
   * (CHECKPOINT, then PGlite copies its files in one synchronous step, so no write can interleave).
   * undefined for PostgreSQL: use pg_dump there.
   */
  backup?(): Promise<Buffer>;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.poolSize ?? 10)
    : await openPglite(options.dataDir, options.pgliteTemplate);
  if (options.migrate !== false) {
    try {
      db.migrations.push(...(await db.withSession((s) => applyMigrations(s))));
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  return db;
}

/**
 * PGlite's PostgreSQL settings. Its defaults are a server's (shared_buffers 128 MB), and every page of them that
 * gets touched stays in the process. 8 MB of buffers (1,024 pages) hold this product's working set many times
 * over and take about 120 MB off the idle process (bench/RESULTS.md, "Footprint").
 */
export const PGLITE_START_PARAMS = [
  ...PGlite.defaultStartParams,
  '-c',
  'shared_buffers=8MB',
  '-c',
  'work_mem=2MB',
  '-c',
  'maintenance_work_mem=8MB',
  '-c',
  'temp_buffers=2MB',
  '-c',
  'wal_buffers=1MB',
];

/** A full garbage collection now (V8's gc(), reached without --expose-gc on the command line). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function openPglite(dataDir: string | undefined, template?: Uint8Array<ArrayBuffer>): Promise<Database> {
  const inMemory = !dataDir || dataDir.startsWith('memory://');
  if (template && !inMemory) throw new Error('a PGlite template is only for in-memory databases');
  let releaseLock = (): void => undefined;
  let freshDir = false;
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    releaseLock = lockDataDir(dataDir);
    freshDir = !existsSync(join(dataDir, 'PG_VERSION'));
  }
  const open = async () => {
    const c = new PGlite({
      ...(inMemory ? {} : { dataDir }),
      ...(template ? { loadDataDir: new Blob([template]) } : {}),
      startParams: PGLITE_START_PARAMS,
    });
    await c.waitReady;
    return c;
  };
  let client = await open();
  if (freshDir) {
    // On a new data directory PGlite runs initdb in WebAssembly instances of its own that stay reachable from the
    // client: the first run of a new install idled at ~700 MB instead of ~250 MB. Closed, collected and opened again,
    // they are gone (bench/RESULTS.md, "Footprint"). One more PGlite start (~1 s), on the very first start only.
    await client.close();
    collectGarbage();
    client = await open();
  }
  return pgliteDatabase(client, inMemory ? 'PGlite (in memory)' : `PGlite at ${dataDir}`, async () => {
    await client.close();
    releaseLock();
  });
}

/**
 * The Database over an open PGlite client. `release` runs at close(), once Prisma has let go of the client
 * (openPglite closes it there and frees the data directory). Exported for the tests, which lend one in-memory
 * database to one test file after another instead of starting PGlite for each (test/support/db.ts).
 */
export function pgliteDatabase(client: PGlite, location: string, release: () => Promise<void>): Database {
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  const session: SqlSession = {
    exec: async (sql) => {
      await client.exec(sql);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows,
    transaction: (fn) =>
      client.transaction((tx) =>
        fn({
          exec: async (sql) => {
            await tx.exec(sql);
          },
          query: async <T>(sql: string, params: unknown[] = []) => (await tx.query<T>(sql, params)).rows,
          transaction: () => Promise.reject(new Error('nested transactions are not supported')),
        }),
      ),
  };
  let closed = false;
  return {
    prisma,
    kind: 'pglite',
    location,
    migrations: [],
    withSession: (fn) => fn(session),
    sql: async <T>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows,
    ping: () => succeeds(() => client.query('SELECT 1')),
    backup: async () => {
      await client.query('CHECKPOINT');
      const blob = await client.dumpDataDir('gzip');
      return Buffer.from(await blob.arrayBuffer());
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await release();
    },
  };
}

const statementNames = new Map<string, string>();
/** A stable server-side name per statement text (node-postgres prepares it once per connection). */
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name) {
    if (statementNames.size >= 256) return undefined; // texts built at run time: plain (unnamed) statements
    name = `k${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name;
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client that loses its server must not crash the process; the next query reports the error.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const wrap = (c: pg.PoolClient): SqlSession => ({
    exec: async (sql) => {
      await c.query(sql);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows as T[],
    transaction: async (fn) => {
      await c.query('BEGIN');
      try {
        const r = await fn(wrap(c));
        await c.query('COMMIT');
        return r;
      } catch (err) {
        // The connection may be gone; the original error is the one worth reporting.
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
  });
  let closed = false;
  const safeUrl = new URL(url);
  return {
    prisma,
    kind: 'postgres',
    location: `PostgreSQL at ${safeUrl.hostname}:${safeUrl.port || 5432}${safeUrl.pathname}`,
    migrations: [],
    withSession: async (fn) => {
      const c = await pool.connect();
      try {
        return await fn(wrap(c));
      } finally {
        c.release();
      }
    },
    // Named statements: each connection parses and plans a hot-path statement once, not on every turn.
    sql: async <T>(text: string, params: unknown[] = []) =>
      (await pool.query({ name: statementName(text), text, values: params })).rows as T[],
    ping: () => succeeds(() => pool.query('SELECT 1')),
    close: async () => {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      // Closing a pool whose server is gone fails; closing is all that was asked.
      await pool.end().catch(() => undefined);
    },
  };
}

/**
 * Restores a backup made by `Database.backup()` into `dataDir`, which must not hold a database (the caller moves
 * the old one aside first). Takes the directory's lock for the duration, so a running server is never overwritten.
 */
export async function restorePgliteBackup(dataDir: string, backup: Buffer): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  try {
    const client = new PGlite(dataDir, { loadDataDir: new Blob([new Uint8Array(backup)], { type: 'application/x-gzip' }) });
    await client.waitReady;
    await client.query('SELECT 1');
    await client.close();
    // The archive carries the files that sat next to the database when it was taken: not the old admin token.
    rmSync(resolve(dataDir, 'admin.json'), { force: true });
  } finally {
    release();
  }
}

/** Throws DataDirLockedError when another live process owns `dataDir`; otherwise returns without locking it. */
export function assertDataDirFree(dataDir: string): void {
  lockDataDir(dataDir)();
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by process ${pid}. PGlite allows one process at a time: stop that process first (or use PostgreSQL with DATABASE_URL).`,
    );
    this.name = 'DataDirLockedError';
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One process owns a PGlite data directory; a second one is refused with a clear error instead of corrupting it. */
const heldLocks = new Set<string>();

function lockDataDir(dataDir: string): () => void {
  const file = resolve(dataDir, 'koszalin.lock');
  if (heldLocks.has(file)) throw new DataDirLockedError(dataDir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      heldLocks.add(file);
      return () => {
        heldLocks.delete(file);
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(pid) && pid !== process.pid && pidAlive(pid)) throw new DataDirLockedError(dataDir, pid);
      rmSync(file, { force: true }); // stale lock from a process that died
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

async function succeeds(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch {
    return false;
  }
}
