/**
 * The engine's ConversationStore on the DialogState table (plain SQL: it is read and written on every turn), with
 * optimistic concurrency:
 *  - eTag set: write only if the stored eTag still matches, else StorageConflictError;
 *  - no eTag: the item is new; create it, or StorageConflictError if another turn created it first.
 * The turn's replies go into its InboundMessage row in the same statement (one round trip, and a reply is kept
 * exactly when the state it belongs to is), and so does the list of organisations the turn showed.
 */
import { randomUUID } from 'node:crypto';
import { sqlTimestamp, type Database } from '../../prisma/database.js';
import { StorageConflictError } from '../../dialogs/storage-errors.js';
import type { ConversationItem, ConversationStore, TurnRecord } from '../../dialogs/ports.js';
import { channelEnum } from '../repositories/contacts.js';

/** Keeps the turn's replies, only when the state write ($1…) happened (`s` is that write's RETURNING). */
const KEEP_REPLIES = `r AS (UPDATE "InboundMessage" SET "replies" = $5::jsonb WHERE "channel" = $6::"Channel" AND "externalId" = $7 AND EXISTS (SELECT 1 FROM s))`;

/**
 * Keeps the list the turn showed ($8: contact, $9: organisation ids; both null when it showed none), also only with
 * the state write.
 */
const KEEP_LIST = `l AS (
    INSERT INTO "RecentOrganizationList" ("contactId", "organizationIds", "at")
      SELECT $8::int, $9::int[], $4::timestamp WHERE $8::int IS NOT NULL AND EXISTS (SELECT 1 FROM s)
    ON CONFLICT ("contactId") DO UPDATE SET "organizationIds" = EXCLUDED."organizationIds", "at" = EXCLUDED."at"
  )`;

const UPDATE = `WITH s AS (
    UPDATE "DialogState" SET "data" = $2::jsonb, "eTag" = $3, "updatedAt" = $4::timestamp WHERE "key" = $1 AND "eTag" = $10 RETURNING 1 AS ok
  ), ${KEEP_REPLIES}, ${KEEP_LIST}
  SELECT count(*)::int AS "n" FROM s`;

const CREATE = `WITH s AS (
    INSERT INTO "DialogState" ("key", "data", "eTag", "updatedAt") VALUES ($1, $2::jsonb, $3, $4::timestamp) ON CONFLICT ("key") DO NOTHING RETURNING 1 AS ok
  ), ${KEEP_REPLIES}, ${KEEP_LIST}
  SELECT count(*)::int AS "n" FROM s`;

export class DialogStateStorage implements ConversationStore {
  constructor(private readonly db: Pick<Database, 'sql'>) {}

  async read(key: string): Promise<ConversationItem | undefined> {
    const [r] = await this.db.sql<{ data: object | string; eTag: string }>(`SELECT "data", "eTag" FROM "DialogState" WHERE "key" = $1`, [
      key,
    ]);
    return r ? storedItem(r.data, r.eTag) : undefined;
  }

  async write(key: string, item: ConversationItem, turn?: TurnRecord): Promise<void> {
    const { eTag, ...data } = item;
    const next = randomUUID();
    const params: unknown[] = [
      key,
      JSON.stringify(data),
      next,
      sqlTimestamp(new Date()),
      turn ? JSON.stringify(turn.replies) : null,
      turn ? channelEnum(turn.channel) : null,
      turn?.messageId ?? null,
      turn?.listShown?.contactId ?? null,
      turn?.listShown?.organizationIds ?? null,
    ];
    const [r] = eTag ? await this.db.sql<{ n: number }>(UPDATE, [...params, eTag]) : await this.db.sql<{ n: number }>(CREATE, params);
    if (r!.n === 0) throw new StorageConflictError(key);
    item.eTag = next;
  }
}

/** A DialogState row as the engine's item (PGlite returns jsonb parsed, node-postgres too; a string is parsed). */
export function storedItem(data: object | string, eTag: string): ConversationItem {
  return { ...(typeof data === 'string' ? (JSON.parse(data) as object) : data), eTag };
}
