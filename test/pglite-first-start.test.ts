/**
 * The very first start of a new install: PGlite on a new data directory runs initdb, is closed and opened again
 * (prisma/database.ts: the instances initdb used are let go, ~450 MB), migrated, and what is written stays.
 * Every other test starts from a copy of the migrated dump; this one is the path a new user's `npm start` takes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, DataDirLockedError } from '../prisma/database.js';

describe('PGlite on a new data directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'koszalin-first-start-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is created, migrated and locked; what the first run writes is there on the next', async () => {
    const dataDir = join(root, 'data');
    const db = await openDatabase({ dataDir });
    try {
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
      expect(db.migrations.length).toBeGreaterThan(10); // every migration applied on the reopened client
      await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
      await db.prisma.contact.create({ data: { locale: 'uk', displayName: 'first run' } });
      expect(await db.ping()).toBe(true);
    } finally {
      await db.close();
    }
    const again = await openDatabase({ dataDir });
    try {
      expect(again.migrations).toEqual([]);
      expect((await again.prisma.contact.findMany()).map((c) => [c.locale, c.displayName])).toEqual([['uk', 'first run']]);
    } finally {
      await again.close();
    }
  }, 60_000);
});
