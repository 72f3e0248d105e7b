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

  async claim(channel: ChannelKind, externalId: string, sender?: string): Promise<ClaimResult> {
    const ch = channelEnum(channel);
    const inserted = await this.db.sql(`INSERT INTO "InboundMessage" ("channel", "externalId", "sender") VALUES ($1::"Channel", $2, $3) ON CONFLICT DO NOTHING RETURNING 1 AS ok`, [ch, externalId, sender ?? null]);
    if (inserted.length === 1) return { duplicate: false };
    const rows = await this.db.sql<{ response: string | null }>(`SELECT "response" FROM "InboundMessage" WHERE "channel" = $1::"Channel" AND "externalId" = $2`, [ch, externalId]);
    return { duplicate: true, response: rows[0]?.response ?? null };
  }

  async saveResponse(channel: ChannelKind, externalId: string, response: string): Promise<void> {
    // No error when the row is gone: this very turn may have erased the sender's data.
    await this.db.sql(`UPDATE "InboundMessage" SET "response" = $3 WHERE "channel" = $1::"Channel" AND "externalId" = $2`, [channelEnum(channel), externalId, response]);
  }

  /** Forgets a claim whose turn failed, so that the provider's retry is processed. */
  async release(channel: ChannelKind, externalId: string): Promise<void> {
    await this.db.sql(`DELETE FROM "InboundMessage" WHERE "channel" = $1::"Channel" AND "externalId" = $2`, [channelEnum(channel), externalId]);
  }

  /**
   * Counts one turn for a sender in a fixed one-hour window (atomic, safe across processes) and returns the count
   * in the current window: `limit + 1` is the first turn over the limit.
   */
  async countTurn(channel: ChannelKind, address: string, now: Date): Promise<number> {
    const rows = await this.db.sql<{ count: number }>(
      `INSERT INTO "SenderQuota" ("channel", "address", "windowStart", "count")
       VALUES ($1::"Channel", $2, $3::timestamp, 1)
       ON CONFLICT ("channel", "address") DO UPDATE SET
         "count" = CASE WHEN "SenderQuota"."windowStart" <= $4::timestamp THEN 1 ELSE "SenderQuota"."count" + 1 END,
         "windowStart" = CASE WHEN "SenderQuota"."windowStart" <= $4::timestamp THEN $3::timestamp ELSE "SenderQuota"."windowStart" END
       RETURNING "count"`,
      [channelEnum(channel), address, sqlTimestamp(now), sqlTimestamp(new Date(now.getTime() - 3600_000))],
    );
    return Number(rows[0]!.count);
  }
}
