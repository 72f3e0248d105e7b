/**
 * Applies the SQL migrations in prisma/migrations/<timestamp>_<name>/migration.sql, in order, each in its own
 * transaction, and records them in `_app_migrations` with a checksum. A second start applies nothing; a migration
 * edited after it was applied stops the start with a clear error instead of silently diverging.
 *
 * The Prisma CLI cannot run `migrate deploy` here (it downloads a native engine), so the app does it itself.
 * On PostgreSQL an advisory lock makes concurrent starts of several processes safe.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SqlSession {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T>;
}

export type MigrationReport = string[];

export const MIGRATIONS_TABLE = '_app_migrations';
const LOCK_KEY = 727_274_001;

export const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Applies pending migrations; returns the names applied now. */
export async function applyMigrations(session: SqlSession, migrations = listMigrations()): Promise<MigrationReport> {
  await session.exec(
    `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
  );
  await session.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    const rows = await session.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}"`);
    const applied = new Map(rows.map((r) => [r.name, r.checksum]));
    const known = new Set(migrations.map((m) => m.name));
    for (const name of applied.keys()) {
      if (!known.has(name)) {
        throw new MigrationError(
          `The database has migration ${name}, which this version of the code does not know. Is the code older than the database?`,
          name,
        );
      }
    }
    const done: string[] = [];
    for (const m of migrations) {
      const sum = applied.get(m.name);
      if (sum !== undefined) {
        if (sum !== m.checksum) {
          throw new MigrationError(
            `Migration ${m.name} was edited after it was applied (checksum differs). Add a new migration instead.`,
            m.name,
          );
        }
        continue;
      }
      try {
        await session.transaction(async (tx) => {
          await tx.exec(m.sql);
          await tx.query(`INSERT INTO "${MIGRATIONS_TABLE}" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
        });
      } catch (err) {
        throw new MigrationError(`Migration ${m.name} failed: ${(err as Error).message}`, m.name, { cause: err });
      }
      done.push(m.name);
    }
    return done;
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  }
}
