/**
 * botbuilder `Storage` on the DialogState table (plain SQL: it is read and written on every turn), with
 * optimistic concurrency:
 *  - eTag "*": write unconditionally (botbuilder's convention);
 *  - eTag set: write only if the stored eTag still matches, else StorageConflictError;
 *  - no eTag: the item is new; create it, or StorageConflictError if another turn created it first.
 */
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder-core';
import { sqlTimestamp, type Database } from '../../prisma/database.js';
import { StorageConflictError } from '../../dialogs/storage-errors.js';

export class DialogStateStorage implements Storage {
  constructor(private readonly db: Pick<Database, 'sql'>) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const rows = await this.db.sql<{ key: string; data: object; eTag: string }>(`SELECT "key", "data", "eTag" FROM "DialogState" WHERE "key" IN (${keys.map((_, i) => `$${i + 1}`).join(', ')})`, keys);
    const out: StoreItems = {};
    for (const r of rows) out[r.key] = { ...(typeof r.data === 'string' ? (JSON.parse(r.data) as object) : r.data), eTag: r.eTag };
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...data } = (item ?? {}) as { eTag?: string };
      const next = randomUUID();
      const json = JSON.stringify(data);
      const now = sqlTimestamp(new Date());
      if (eTag === '*') {
        await this.db.sql(
          `INSERT INTO "DialogState" ("key", "data", "eTag", "updatedAt") VALUES ($1, $2::jsonb, $3, $4::timestamp)
           ON CONFLICT ("key") DO UPDATE SET "data" = EXCLUDED."data", "eTag" = EXCLUDED."eTag", "updatedAt" = EXCLUDED."updatedAt"`,
          [key, json, next, now],
        );
      } else if (eTag) {
        const r = await this.db.sql(`UPDATE "DialogState" SET "data" = $2::jsonb, "eTag" = $3, "updatedAt" = $4::timestamp WHERE "key" = $1 AND "eTag" = $5 RETURNING 1 AS ok`, [key, json, next, now, eTag]);
        if (r.length === 0) throw new StorageConflictError(key);
      } else {
        const r = await this.db.sql(`INSERT INTO "DialogState" ("key", "data", "eTag", "updatedAt") VALUES ($1, $2::jsonb, $3, $4::timestamp) ON CONFLICT ("key") DO NOTHING RETURNING 1 AS ok`, [key, json, next, now]);
        if (r.length === 0) throw new StorageConflictError(key);
      }
      (item as { eTag?: string }).eTag = next;
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.sql(`DELETE FROM "DialogState" WHERE "key" IN (${keys.map((_, i) => `$${i + 1}`).join(', ')})`, keys);
  }
}
