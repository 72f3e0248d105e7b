import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { openTestDatabase, testDbKind } from './support/db.js';
import { schemaMismatches } from './support/schema-diff.js';
import { applyMigrations, listMigrations } from '../prisma/migrate.js';
import type { Database } from '../prisma/database.js';

const schemaText = readFileSync(new URL('../prisma/schema.prisma', import.meta.url), 'utf8');

describe(`migrations on ${testDbKind}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase({ fresh: true }); // the migrations themselves are under test, not the dump
  });
  afterAll(async () => db?.close());

  it('applies every migration on a new database and records it', async () => {
    expect(db.migrations).toEqual(listMigrations().map((m) => m.name));
    const rows = await db.withSession((s) => s.query<{ name: string }>('SELECT name FROM "_app_migrations" ORDER BY name'));
    expect(rows.map((r) => r.name)).toEqual(db.migrations);
  });

  it('applies nothing the second time', async () => {
    expect(await db.withSession((s) => applyMigrations(s))).toEqual([]);
  });

  it('produces exactly the schema in schema.prisma', async () => {
    expect(await db.withSession((s) => schemaMismatches(schemaText, s))).toEqual([]);
  });

  it('notices when the schema gains a field that no migration creates', async () => {
    const drifted = schemaText.replace('  website        String?\n', '  website        String?\n  fax            String?\n');
    expect(drifted).not.toBe(schemaText);
    expect(await db.withSession((s) => schemaMismatches(drifted, s))).toEqual(['Organization.fax: column missing in database']);
  });

  it('notices a database that a migration changed differently from the schema', async () => {
    const other = await openTestDatabase();
    try {
      await other.withSession((s) =>
        s.exec(
          'ALTER TABLE "Organization" ALTER COLUMN "name" DROP NOT NULL; DROP INDEX "Event_startsAt_idx"; ALTER TYPE "Channel" ADD VALUE \'WHATSAPP\'',
        ),
      );
      const diff = await other.withSession((s) => schemaMismatches(schemaText, s));
      expect(diff).toEqual(
        expect.arrayContaining([
          'Organization.name: database NULL, schema required',
          'index missing in database: Event normal (startsAt)',
          'enum Channel: database has [SMS,TELEGRAM,WHATSAPP], schema has [SMS,TELEGRAM]',
        ]),
      );
      expect(diff).toHaveLength(3);
    } finally {
      await other.close();
    }
  });

  it('refuses to start when an applied migration was edited', async () => {
    const edited = listMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'different' } : m));
    await expect(db.withSession((s) => applyMigrations(s, edited))).rejects.toThrow(/was edited after it was applied/);
  });
});
