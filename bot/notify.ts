/**
 * Messages to a person outside their own turn (waitlist promotion, event reminders and changes): Telegram when
 * the person has it, otherwise SMS. Only ACTIVE contacts are written to: STOP means no messages we start.
 */
import type { PrismaClient } from '../prisma/database.js';
import type { ContactNotifier } from '../dialogs/events/ports.js';
import type { Reply } from '../dialogs/activity.js';
import { isLocale, DEFAULT_LOCALE, type Locale } from '../dialogs/i18n/index.js';
import { ProviderError, type OutboundSms, type OutboundTelegram } from './channels/outbound.js';
import { renderSms } from './channels/sms/render.js';
import type { Logger } from './logger.js';

export class OutboundNotifier implements ContactNotifier {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly outbound: { sms: OutboundSms; telegram: OutboundTelegram },
    private readonly o: { transliterate: boolean; logger: Logger },
  ) {}

  async notify(contactId: number, build: (locale: Locale) => Reply[]): Promise<boolean> {
    const c = await this.prisma.contact.findUnique({ where: { id: contactId }, include: { identities: true } });
    if (!c || c.status !== 'ACTIVE') return false;
    const replies = build(isLocale(c.locale) ? c.locale : DEFAULT_LOCALE);
    const tg = c.identities.find((i) => i.channel === 'TELEGRAM');
    const sms = c.identities.find((i) => i.channel === 'SMS');
    try {
      if (tg) await this.outbound.telegram.send(tg.chatId ?? tg.address, replies);
      else if (sms) await this.outbound.sms.send(sms.address, renderSms(replies, { transliterate: this.o.transliterate }).body);
      else return false;
      return true;
    } catch (err) {
      if (err instanceof ProviderError && err.contactStopped) {
        await this.prisma.contact.update({ where: { id: contactId }, data: { status: tg ? 'BLOCKED' : 'STOPPED' } });
      }
      this.o.logger.warn({ err, contactId }, 'notification not delivered');
      return false;
    }
  }
}
