/** Subscriptions (Prisma). The consent record is the words the person used, with the channel and time. */
import type { PrismaClient } from '../../prisma/database.js';
import type { SubscriptionPort, SubscriptionTarget } from '../../dialogs/subscriptions/ports.js';
import { channelEnum } from './contacts.js';

const key = (t: SubscriptionTarget) => `${t.kind}:${t.id}`;

export class SubscriptionRepository implements SubscriptionPort {
  constructor(private readonly prisma: PrismaClient) {}

  async follow(contactId: number, target: SubscriptionTarget, channel: 'sms' | 'telegram', words: string) {
    const r = await this.prisma.subscription.createMany({
      data: [
        {
          contactId,
          target: key(target),
          categoryId: target.kind === 'category' ? target.id : null,
          organizationId: target.kind === 'organization' ? target.id : null,
          channel: channelEnum(channel),
          consentText: words.slice(0, 200),
        },
      ],
      skipDuplicates: true,
    });
    if (r.count === 1)
      await this.prisma.contact.update({
        where: { id: contactId },
        data: { consentAt: new Date(), consentChannel: channelEnum(channel), consentText: words.slice(0, 200) },
      });
    return r.count === 1 ? ('created' as const) : ('exists' as const);
  }

  async unfollow(contactId: number, target: SubscriptionTarget) {
    return (await this.prisma.subscription.deleteMany({ where: { contactId, target: key(target) } })).count > 0;
  }

  async list(contactId: number) {
    const rows = await this.prisma.subscription.findMany({
      where: { contactId },
      include: { category: true, organization: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((r) =>
      r.category
        ? {
            target: { kind: 'category' as const, id: r.category.id },
            namePl: r.category.namePl,
            nameEn: r.category.nameEn,
            nameUk: r.category.nameUk,
          }
        : {
            target: { kind: 'organization' as const, id: r.organization!.id },
            namePl: r.organization!.name,
            nameEn: r.organization!.name,
            nameUk: r.organization!.name,
          },
    );
  }

  organization(id: number) {
    return this.prisma.organization.findUnique({ where: { id }, select: { id: true, name: true } }).then((o) => o ?? undefined);
  }
}
