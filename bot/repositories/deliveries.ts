/** Delivery rows: the one place that moves a delivery's status from provider callbacks. */
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
  async applyProviderStatus(providerMessageId: string, status: DeliveryStatusValue, errorCode: string | undefined, at: Date): Promise<{ contactId: number | null; channel: string } | undefined> {
    const d = await this.prisma.delivery.findUnique({ where: { providerMessageId } });
    if (!d) return undefined;
    const found = { contactId: d.contactId, channel: d.channel };
    if (STATUS_RANK[status] <= STATUS_RANK[d.status as DeliveryStatusValue] && !(status === d.status && errorCode && !d.errorCode)) return found;
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
}
