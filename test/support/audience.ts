/**
 * Many subscribers of one topic at once, in three statements (one by one through Prisma they took seconds): `count`
 * new contacts, each with an SMS identity `<prefix><number>` (numbered from `first`, zero-padded to `digits`) and a
 * subscription to the category `topicId` by SMS. Numbers follow the contacts' ids in order; the database is expected to
 * hold no other contacts (a fresh test database, or after `DELETE FROM "Contact"`).
 */
import type { Database } from '../../prisma/database.js';

export interface Audience {
  count: number;
  topicId: number;
  prefix: string;
  digits: number;
  /** The number of the first contact (default 0). */
  first?: number;
}

export async function seedTopicAudience(db: Pick<Database, 'withSession'>, a: Audience): Promise<void> {
  await db.withSession(async (s) => {
    await s.query(`INSERT INTO "Contact" ("updatedAt") SELECT now() FROM generate_series(1, $1::int)`, [a.count]);
    await s.query(
      `INSERT INTO "ContactIdentity" ("contactId", "channel", "address")
       SELECT id, 'SMS', $1::text || lpad((row_number() OVER (ORDER BY id) - 1 + $2::int)::text, $3::int, '0') FROM "Contact"`,
      [a.prefix, a.first ?? 0, a.digits],
    );
    await s.query(
      `INSERT INTO "Subscription" ("contactId", "target", "categoryId", "channel") SELECT id, 'category:' || $1::int, $1::int, 'SMS' FROM "Contact"`,
      [a.topicId],
    );
  });
}
