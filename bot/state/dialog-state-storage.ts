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

/** Keeps the list the turn showed ($n: contact, $n+1: organisation ids), also only with the state write. */
const keepList = (n: number) => `, l AS (
    INSERT INTO "RecentOrganizationList" ("contactId", "organizationIds", "at")
      SELECT $${n}, $${n + 1}::int[], $4::timestamp WHERE EXISTS (SELECT 1 FROM s)
    ON CONFLICT ("contactId") DO UPDATE SET "organizationIds" = EXCLUDED."organizationIds", "at" = EXCLUDED."at"
  )`;

const update = (list: boolean) => `WITH s AS (
    UPDATE "DialogState" SET "data" = $2::jsonb, "eTag" = $3, "updatedAt" = $4::timestamp WHERE "key" = $1 AND "eTag" = $8 RETURNING 1 AS ok
  ), ${KEEP_REPLIES}${list ? keepList(9) : ''}
  SELECT count(*)::int AS "n" FROM s`;

const create = (list: boolean) => `WITH s AS (
    INSERT INTO "DialogState" ("key", "data", "eTag", "updatedAt") VALUES ($1, $2::jsonb, $3, $4::timestamp) ON CONFLICT ("key") DO NOTHING RETURNING 1 AS ok
  ), ${KEEP_REPLIES}${list ? keepList(8) : ''}
  SELECT count(*)::int AS "n" FROM s`;

/** The four statements, made once: [create, update] × [without, with the list]. */
const STATEMENTS = {
  create: [create(false), create(true)],
  update: [update(false), update(true)],
} as const;

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
    ];
    const list = turn?.listShown;
    const listParams = list ? [list.contactId, list.organizationIds] : [];
    const [r] = eTag
      ? await this.db.sql<{ n: number }>(STATEMENTS.update[list ? 1 : 0], [...params, eTag, ...listParams])
      : await this.db.sql<{ n: number }>(STATEMENTS.create[list ? 1 : 0], [...params, ...listParams]);
    if (r!.n === 0) throw new StorageConflictError(key);
    item.eTag = next;
  }
}

/** A DialogState row as the engine's item (PGlite returns jsonb parsed, node-postgres too; a string is parsed). */
export function storedItem(data: object | string, eTag: string): ConversationItem {
  return { ...(typeof data === 'string' ? (JSON.parse(data) as object) : data), eTag };
}
