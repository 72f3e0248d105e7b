/**
 * Inbound de-duplication and per-sender quotas (plain SQL: on every turn).
 * `claim` records a provider message id; a second delivery of the same id is told so, with the reply we gave
 * the first time (Twilio retries a webhook whose answer it did not get; the person must get the reply once).
 */
import { sqlTimestamp, type Database } from '../../prisma/database.js';
import type { ChannelKind } from '../../dialogs/activity.js';
import { channelEnum } from './contacts.js';

export type ClaimResult = { duplicate: false } | { duplicate: true; response: string | null };

export class InboundRepository {
  constructor(private readonly db: Pick<Database, 'sql'>) {}

  /**
   * One statement (one round trip) on every turn: claims the provider's message id and, only when it is new and
   * `countQuota` is set, counts the turn in the sender's fixed one-hour window (atomic, safe across processes;
   * `limit + 1` is the first turn over the limit). A duplicate returns the reply kept for it.
   */
  async claimAndCount(channel: ChannelKind, externalId: string, sender: string, now: Date, countQuota: boolean): Promise<ClaimResult & { count?: number }> {
    const ch = channelEnum(channel);
    const [r] = await this.db.sql<{ claimed: number; count: number | null; response: string | null }>(
      `WITH claim AS (
         INSERT INTO "InboundMessage" ("channel", "externalId", "sender") VALUES ($1::"Channel", $2, $3)
         ON CONFLICT DO NOTHING RETURNING 1 AS ok
       ), quota AS (
         INSERT INTO "SenderQuota" ("channel", "address", "windowStart", "count")
         SELECT $1::"Channel", $3, $4::timestamp, 1 WHERE $6::boolean AND EXISTS (SELECT 1 FROM claim)
         ON CONFLICT ("channel", "address") DO UPDATE SET
           "count" = CASE WHEN "SenderQuota"."windowStart" <= $5::timestamp THEN 1 ELSE "SenderQuota"."count" + 1 END,
           "windowStart" = CASE WHEN "SenderQuota"."windowStart" <= $5::timestamp THEN $4::timestamp ELSE "SenderQuota"."windowStart" END
         RETURNING "count"
       )
       SELECT (SELECT count(*) FROM claim)::int AS "claimed", (SELECT "count" FROM quota) AS "count",
              (SELECT "response" FROM "InboundMessage" WHERE "channel" = $1::"Channel" AND "externalId" = $2) AS "response"`,
      [ch, externalId, sender, sqlTimestamp(now), sqlTimestamp(new Date(now.getTime() - 3600_000)), countQuota],
    );
    if (r!.claimed === 0) return { duplicate: true, response: r!.response };
    return { duplicate: false, count: r!.count === null ? undefined : Number(r!.count) };
  }

  async saveResponse(channel: ChannelKind, externalId: string, response: string): Promise<void> {
    // No error when the row is gone: this very turn may have erased the sender's data.
    await this.db.sql(`UPDATE "InboundMessage" SET "response" = $3 WHERE "channel" = $1::"Channel" AND "externalId" = $2`, [channelEnum(channel), externalId, response]);
  }

  /** Forgets a claim whose turn failed, so that the provider's retry is processed. */
  async release(channel: ChannelKind, externalId: string): Promise<void> {
    await this.db.sql(`DELETE FROM "InboundMessage" WHERE "channel" = $1::"Channel" AND "externalId" = $2`, [channelEnum(channel), externalId]);
  }
}
