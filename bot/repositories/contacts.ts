/** Contacts and their channel identities (Prisma). Implements the dialogs' ContactPort. */
import type { PrismaClient } from '../../prisma/database.js';
import type { ChannelKind } from '../../dialogs/activity.js';
import type { ContactPort, ContactSummary } from '../../dialogs/ports.js';
import { isLocale, DEFAULT_LOCALE, type Locale } from '../../dialogs/i18n/index.js';

export const channelEnum = (c: ChannelKind) => (c === 'sms' ? 'SMS' : 'TELEGRAM') as 'SMS' | 'TELEGRAM';

export class ContactRepository implements ContactPort {
  constructor(private readonly prisma: PrismaClient) {}

  async resolve(channel: ChannelKind, address: string, hints: { chatId?: string; locale?: Locale; displayName?: string }): Promise<ContactSummary> {
    const ch = channelEnum(channel);
    const found = await this.prisma.contactIdentity.findUnique({ where: { channel_address: { channel: ch, address } }, include: { contact: true } });
    if (found) return this.summary(found.contact, false);
    try {
      const created = await this.prisma.contact.create({
        data: {
          locale: hints.locale ?? DEFAULT_LOCALE,
          displayName: hints.displayName,
          identities: { create: [{ channel: ch, address, chatId: hints.chatId }] },
        },
      });
      await this.prisma.auditLog.create({ data: { actor: `contact:${created.id}`, action: 'contact.created', details: { channel } } });
      return this.summary(created, true);
    } catch (err) {
      // Two first messages at once: the other one created the identity; use it.
      const again = await this.prisma.contactIdentity.findUnique({ where: { channel_address: { channel: ch, address } }, include: { contact: true } });
      if (again) return this.summary(again.contact, false);
      throw err;
    }
  }

  private summary(c: { id: number; locale: string; status: string; role: string }, isNew: boolean): ContactSummary {
    return { id: c.id, locale: isLocale(c.locale) ? c.locale : DEFAULT_LOCALE, status: c.status as ContactSummary['status'], role: c.role as ContactSummary['role'], isNew };
  }

  async setLocale(contactId: number, locale: Locale): Promise<void> {
    await this.prisma.contact.update({ where: { id: contactId }, data: { locale } });
  }

  async setStatus(contactId: number, status: 'ACTIVE' | 'STOPPED' | 'BLOCKED', channel: ChannelKind, words: string): Promise<void> {
    await this.prisma.contact.update({
      where: { id: contactId },
      data: status === 'ACTIVE' ? { status, consentAt: new Date(), consentChannel: channelEnum(channel), consentText: words.slice(0, 200) } : { status },
    });
    await this.prisma.auditLog.create({ data: { actor: `contact:${contactId}`, action: `contact.${status.toLowerCase()}`, details: { channel } } });
  }

  /** Marks the contact behind a channel identity (for provider errors: Telegram 403, Twilio 21610). */
  async setStatusByAddress(channel: ChannelKind, address: string, status: 'STOPPED' | 'BLOCKED', reason: string): Promise<void> {
    const id = await this.prisma.contactIdentity.findUnique({ where: { channel_address: { channel: channelEnum(channel), address } } });
    if (!id) return;
    await this.prisma.contact.update({ where: { id: id.contactId }, data: { status } });
    await this.prisma.auditLog.create({ data: { actor: 'system', action: `contact.${status.toLowerCase()}`, subject: `contact:${id.contactId}`, details: { channel, reason } } });
  }

  async linkPhone(contactId: number, phone: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const existing = await tx.contactIdentity.findUnique({ where: { channel_address: { channel: 'SMS', address: phone } } });
      if (!existing) {
        await tx.contactIdentity.create({ data: { contactId, channel: 'SMS', address: phone } });
        return;
      }
      const otherId = existing.contactId;
      if (otherId === contactId) return;
      const other = await tx.contact.findUniqueOrThrow({ where: { id: otherId }, include: { subscriptions: true, signups: true, memberships: true } });
      await tx.subscription.createMany({ data: other.subscriptions.map(({ id: _id, contactId: _c, ...s }) => ({ ...s, contactId })), skipDuplicates: true });
      for (const s of other.signups) {
        const mine = await tx.signup.findUnique({ where: { eventId_contactId: { eventId: s.eventId, contactId } } });
        if (!mine) await tx.signup.update({ where: { id: s.id }, data: { contactId } });
      }
      for (const m of other.memberships) {
        await tx.organizationMember.upsert({ where: { contactId_organizationId: { contactId, organizationId: m.organizationId } }, create: { contactId, organizationId: m.organizationId, role: m.role }, update: m.role === 'COORDINATOR' ? { role: 'COORDINATOR' } : {} });
      }
      await tx.contactIdentity.updateMany({ where: { contactId: otherId }, data: { contactId } });
      await tx.delivery.updateMany({ where: { contactId: otherId }, data: { contactId: null } });
      if (other.role === 'ADMIN') await tx.contact.update({ where: { id: contactId }, data: { role: 'ADMIN' } });
      await tx.contact.delete({ where: { id: otherId } });
      await tx.auditLog.create({ data: { actor: `contact:${contactId}`, action: 'contact.merged', subject: `contact:${otherId}` } });
    });
  }

  /**
   * Erases a person: the contact row and, by cascade, identities, memberships, subscriptions and sign-ups.
   * Deliveries keep their counts with contactId set to null. The audit log keeps only that an erasure happened.
   */
  async erase(contactId: number): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.contact.delete({ where: { id: contactId } }),
      this.prisma.auditLog.create({ data: { actor: 'system', action: 'contact.erased', subject: `contact:${contactId}` } }),
    ]);
  }
}
