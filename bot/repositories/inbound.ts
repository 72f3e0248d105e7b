/**
 * Inbound de-duplication and per-sender quotas.
 * `claim` records a provider message id; a second delivery of the same id is told so, with the reply we gave
 * the first time (Twilio retries a webhook whose answer it did not get; the person must get the reply once).
 */
import type { PrismaClient } from '../../prisma/database.js';
import type { ChannelKind } from '../../dialogs/activity.js';
import { channelEnum } from './contacts.js';

export type ClaimResult = { duplicate: false } | { duplicate: true; response: string | null };

export class InboundRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async claim(channel: ChannelKind, externalId: string, sender?: string): Promise<ClaimResult> {
    const r = await this.prisma.inboundMessage.createMany({ data: [{ channel: channelEnum(channel), externalId, sender }], skipDuplicates: true });
    if (r.count === 1) return { duplicate: false };
    const row = await this.prisma.inboundMessage.findUnique({ where: { channel_externalId: { channel: channelEnum(channel), externalId } } });
    return { duplicate: true, response: row?.response ?? null };
  }

  async saveResponse(channel: ChannelKind, externalId: string, response: string): Promise<void> {
    // updateMany: the row is gone when this very turn erased the sender's data.
    await this.prisma.inboundMessage.updateMany({ where: { channel: channelEnum(channel), externalId }, data: { response } });
  }

  /** Forgets a claim whose turn failed, so that the provider's retry is processed. */
  async release(channel: ChannelKind, externalId: string): Promise<void> {
    await this.prisma.inboundMessage.deleteMany({ where: { channel: channelEnum(channel), externalId } });
  }

  /**
   * Counts one turn for a sender in a fixed one-hour window (atomic, safe across processes) and returns the count
   * in the current window: `limit + 1` is the first turn over the limit.
   */
  async countTurn(channel: ChannelKind, address: string, now: Date): Promise<number> {
    const hourAgo = new Date(now.getTime() - 3600_000);
    const rows = await this.prisma.$queryRaw<Array<{ count: number }>>`
      INSERT INTO "SenderQuota" ("channel", "address", "windowStart", "count")
      VALUES (${channelEnum(channel)}::"Channel", ${address}, ${now}, 1)
      ON CONFLICT ("channel", "address") DO UPDATE SET
        "count" = CASE WHEN "SenderQuota"."windowStart" <= ${hourAgo} THEN 1 ELSE "SenderQuota"."count" + 1 END,
        "windowStart" = CASE WHEN "SenderQuota"."windowStart" <= ${hourAgo} THEN ${now} ELSE "SenderQuota"."windowStart" END
      RETURNING "count"`;
    return Number(rows[0]!.count);
  }
}
