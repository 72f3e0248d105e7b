/**
 * Delivery rows: the one place that moves a delivery from one status to the next, for the delivery workers
 * (claim, sent, requeue, skip, fail, crash recovery) and for provider status callbacks.
 */
import type { PrismaClient } from '../../prisma/database.js';
import { STATUS_RANK, type DeliveryStatusValue } from '../channels/sms/status-map.js';

export class DeliveryRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Applies a provider status unless the delivery already has a later one. Returns false for unknown ids. */
  /**
   * Applies a provider status to the delivery with that provider id. Returns the delivery's contact and channel
   * (undefined when no delivery has that id): a status callback may act only on that contact, never on a number
   * the callback names.
   */
  async applyProviderStatus(
    providerMessageId: string,
    status: DeliveryStatusValue,
    errorCode: string | undefined,
    at: Date,
  ): Promise<{ contactId: number | null; channel: string } | undefined> {
    const d = await this.prisma.delivery.findUnique({ where: { providerMessageId } });
    if (!d) return undefined;
    const found = { contactId: d.contactId, channel: d.channel };
    if (STATUS_RANK[status] <= STATUS_RANK[d.status as DeliveryStatusValue] && !(status === d.status && errorCode && !d.errorCode))
      return found;
    await this.prisma.delivery.update({
      where: { id: d.id },
      data: {
        status,
        errorCode: errorCode ?? d.errorCode,
        deliveredAt: status === 'DELIVERED' ? at : d.deliveredAt,
      },
    });
    return found;
  }

  /**
   * Claims up to `limit` due deliveries of a channel for this worker instance: row locks with SKIP LOCKED, so
   * several processes never take the same row; the attempt is counted at the claim.
   */
  claim(channel: 'SMS' | 'TELEGRAM', instanceId: string, now: Date, limit: number): Promise<ClaimedDelivery[]> {
    return this.prisma.$queryRaw<ClaimedDelivery[]>`
      UPDATE "Delivery" SET "status" = 'SENDING', "claimedBy" = ${instanceId}, "claimedAt" = ${now}, "attempts" = "attempts" + 1, "updatedAt" = ${now}
      WHERE "id" IN (
        SELECT "id" FROM "Delivery" WHERE "status" = 'PENDING' AND "channel" = ${channel}::"Channel" AND "nextAttemptAt" <= ${now}
        ORDER BY "nextAttemptAt", "id" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING "id", "runId", "contactId", "channel"::text AS "channel", "attempts"`;
  }

  async markSent(id: number, providerMessageId: string, at: Date): Promise<void> {
    await this.prisma.delivery.update({
      where: { id },
      data: { status: 'SENT', providerMessageId, sentAt: at, errorCode: null, errorMessage: null },
    });
  }

  /**
   * Back to the queue. `refundAttempt`: the attempt did not really happen (shutdown, quiet hours, a provider
   * outage), so it does not count against the delivery's attempts.
   */
  async requeue(id: number, o: { at?: Date; refundAttempt: boolean; error?: { code: string; message: string } }): Promise<void> {
    await this.prisma.delivery.update({
      where: { id },
      data: {
        status: 'PENDING',
        claimedBy: null,
        ...(o.at ? { nextAttemptAt: o.at } : {}),
        ...(o.refundAttempt ? { attempts: { decrement: 1 } } : {}),
        ...(o.error ? { errorCode: o.error.code, errorMessage: o.error.message } : {}),
      },
    });
  }

  /** Not sent, and never will be: the contact was erased, stopped or has no address on this channel; or the broadcast was cancelled. */
  async skip(id: number, reason: string): Promise<void> {
    await this.prisma.delivery.update({ where: { id }, data: { status: 'SKIPPED', errorMessage: reason } });
  }

  async fail(id: number, error: { code: string; message: string }): Promise<void> {
    await this.prisma.delivery.update({ where: { id }, data: { status: 'FAILED', errorCode: error.code, errorMessage: error.message } });
  }

  /** The provider says the person opted out (SMS: STOPPED) or blocked the bot (Telegram: BLOCKED, which never replaces STOPPED). */
  async contactUnreachable(contactId: number, channel: 'SMS' | 'TELEGRAM'): Promise<void> {
    if (channel === 'SMS') await this.prisma.contact.update({ where: { id: contactId }, data: { status: 'STOPPED' } });
    else await this.prisma.contact.updateMany({ where: { id: contactId, status: 'ACTIVE' }, data: { status: 'BLOCKED' } });
  }

  /** Deliveries of crashed processes (SENDING since before `cutoff`) go back to the queue. */
  async recoverExpired(cutoff: Date): Promise<number> {
    return (
      await this.prisma.delivery.updateMany({
        where: { status: 'SENDING', claimedAt: { lt: cutoff } },
        data: { status: 'PENDING', claimedBy: null },
      })
    ).count;
  }

  /** A worker's own claims, released at a graceful shutdown without using up their attempts. */
  async releaseClaims(instanceId: string): Promise<number> {
    return (
      await this.prisma.delivery.updateMany({
        where: { status: 'SENDING', claimedBy: instanceId },
        data: { status: 'PENDING', claimedBy: null, attempts: { decrement: 1 } },
      })
    ).count;
  }

  /** Deliveries of a run still to be sent (pending or in flight). */
  unfinished(runId: number): Promise<number> {
    return this.prisma.delivery.count({ where: { runId, status: { in: ['PENDING', 'SENDING'] } } });
  }
}

/** A delivery a worker claimed: the row's keys and the attempt number this send is. */
export interface ClaimedDelivery {
  id: number;
  runId: number;
  contactId: number | null;
  channel: 'SMS' | 'TELEGRAM';
  attempts: number;
}
