/** Delivery rows: the one place that moves a delivery's status from provider callbacks. */
import type { PrismaClient } from '../../prisma/database.js';
import { STATUS_RANK, type DeliveryStatusValue } from '../channels/sms/status-map.js';

export class DeliveryRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Applies a provider status unless the delivery already has a later one. Returns false for unknown ids. */
  async applyProviderStatus(providerMessageId: string, status: DeliveryStatusValue, errorCode: string | undefined, at: Date): Promise<boolean> {
    const d = await this.prisma.delivery.findUnique({ where: { providerMessageId } });
    if (!d) return false;
    if (STATUS_RANK[status] <= STATUS_RANK[d.status as DeliveryStatusValue] && !(status === d.status && errorCode && !d.errorCode)) return true;
    await this.prisma.delivery.update({
      where: { id: d.id },
      data: {
        status,
        errorCode: errorCode ?? d.errorCode,
        deliveredAt: status === 'DELIVERED' ? at : d.deliveredAt,
      },
    });
    return true;
  }
}
