/** Contacts and their channel identities (Prisma; plain SQL on every turn's path). Implements the dialogs' ContactPort. */
import { sqlTimestamp, type Database, type PrismaClient } from '../../prisma/database.js';
import type { ChannelKind } from '../../dialogs/activity.js';
import { conversationStateKey } from '../../dialogs/state-key.js';
import { NotAllowedError, type ContactPort, type ContactSummary, type LinkPhoneResult } from '../../dialogs/ports.js';
import { isLocale, DEFAULT_LOCALE, type Locale } from '../../dialogs/i18n/index.js';

/** A Contact row (status and role as text) as the dialogs see it. */
export function contactSummary(
  c: { id: number; locale: string; status: string; role: string; localeChosen?: boolean | null },
  isNew: boolean,
): ContactSummary {
  return {
    id: c.id,
    locale: isLocale(c.locale) ? c.locale : DEFAULT_LOCALE,
    status: c.status as ContactSummary['status'],
    role: c.role as ContactSummary['role'],
    isNew,
    localeChosen: c.localeChosen === true,
  };
}

type ContactRow = { id: number; locale: string; status: string; role: string; localeChosen: boolean };

/** The columns of a ContactSummary, for a query with the contact as `c` (also read by InboundRepository.claim). */
export const CONTACT_SUMMARY_COLUMNS = `c."id", c."locale", c."status"::text AS "status", c."role"::text AS "role", c."localeChosen"`;

const FIND_CONTACT = `SELECT ${CONTACT_SUMMARY_COLUMNS}
  FROM "ContactIdentity" i JOIN "Contact" c ON c."id" = i."contactId" WHERE i."channel" = $1::"Channel" AND i."address" = $2`;

/** A first contact: the contact, its identity and the audit line, all or nothing (the identity is unique). */
const CREATE_CONTACT = `WITH c AS (
    INSERT INTO "Contact" ("locale", "displayName", "createdAt", "updatedAt") VALUES ($1, $2, $6::timestamp, $6::timestamp)
    RETURNING "id", "locale", "status"::text AS "status", "role"::text AS "role", "localeChosen"
  ), i AS (
    INSERT INTO "ContactIdentity" ("contactId", "channel", "address", "chatId", "createdAt") SELECT "id", $3::"Channel", $4, $5, $6::timestamp FROM c
  ), a AS (
    INSERT INTO "AuditLog" ("at", "actor", "action", "details") SELECT $6::timestamp, 'contact:' || "id", 'contact.created', $7::jsonb FROM c
  )
  SELECT * FROM c`;

/**
 * What identifies a person inside free text (kept replies): their phone number (also without +48), Telegram id and
 * chat, and display name; as written and as JSON escapes them. Too-short values are left out (they would match
 * unrelated text).
 */
export function personalNeedles(
  identities: Array<{ channel: string; address: string; chatId: string | null }>,
  displayName: string | null,
): string[] {
  const raw = new Set<string>();
  for (const i of identities) {
    raw.add(i.address);
    if (i.chatId) raw.add(i.chatId);
    const national = /^\+48(\d{9})$/.exec(i.address)?.[1];
    if (national) raw.add(national);
  }
  if (displayName && displayName.trim().length >= 4) raw.add(displayName.trim());
  const out = new Set<string>();
  for (const r of raw) {
    if (r.length < 5) continue;
    out.add(r);
    out.add(JSON.stringify(r).slice(1, -1));
  }
  return [...out];
}

export const channelEnum = (c: ChannelKind) => (c === 'sms' ? 'SMS' : 'TELEGRAM') as 'SMS' | 'TELEGRAM';

export class ContactRepository implements ContactPort {
  /** Run before an erasure (see `erase`); the composition root adds the events' seat hand-over. */
  readonly beforeErase: Array<(contactId: number) => Promise<void>> = [];

  private readonly prisma: PrismaClient;

  constructor(private readonly db: Pick<Database, 'prisma' | 'sql'>) {
    this.prisma = db.prisma;
  }

  async resolve(
    channel: ChannelKind,
    address: string,
    hints: { chatId?: string; locale?: Locale; displayName?: string },
  ): Promise<ContactSummary> {
    const ch = channelEnum(channel);
    // Every turn needs the contact (webhook turns get it with their first statement, see InboundRepository.claim):
    // plain SQL here, and a first contact is created in one statement too.
    const [found] = await this.db.sql<ContactRow>(FIND_CONTACT, [ch, address]);
    if (found) return contactSummary(found, false);
    const now = sqlTimestamp(new Date());
    try {
      const [created] = await this.db.sql<ContactRow>(CREATE_CONTACT, [
        hints.locale ?? DEFAULT_LOCALE,
        hints.displayName ?? null,
        ch,
        address,
        hints.chatId ?? null,
        now,
        JSON.stringify({ channel }),
      ]);
      return contactSummary(created!, true);
    } catch (err) {
      // Two first messages at once: the other one created the identity (the whole statement was undone); use it.
      const [again] = await this.db.sql<ContactRow>(FIND_CONTACT, [ch, address]);
      if (again) return contactSummary(again, false);
      throw err;
    }
  }

  async setLocale(contactId: number, locale: Locale, chosen?: boolean): Promise<void> {
    await this.prisma.contact.update({ where: { id: contactId }, data: chosen ? { locale, localeChosen: true } : { locale } });
  }

  async setStatus(contactId: number, status: 'ACTIVE' | 'STOPPED' | 'BLOCKED', channel: ChannelKind, words: string): Promise<void> {
    await this.prisma.contact.update({
      where: { id: contactId },
      data:
        status === 'ACTIVE'
          ? { status, consentAt: new Date(), consentChannel: channelEnum(channel), consentText: words.slice(0, 200) }
          : { status },
    });
    await this.prisma.auditLog.create({
      data: { actor: `contact:${contactId}`, action: `contact.${status.toLowerCase()}`, details: { channel } },
    });
  }

  /** Marks the contact behind a channel identity (for provider errors: Telegram 403, Twilio 21610). */
  /** Marks a contact stopped because the provider says the number opted out (Twilio 21610), with an audit line. */
  async markStoppedByProvider(contactId: number, reason: string): Promise<void> {
    const r = await this.prisma.contact.updateMany({ where: { id: contactId }, data: { status: 'STOPPED' } });
    if (r.count)
      await this.prisma.auditLog.create({
        data: { actor: 'system', action: 'contact.stopped', subject: `contact:${contactId}`, details: { channel: 'sms', reason } },
      });
  }

  async setStatusByAddress(channel: ChannelKind, address: string, status: 'STOPPED' | 'BLOCKED', reason: string): Promise<void> {
    const id = await this.prisma.contactIdentity.findUnique({ where: { channel_address: { channel: channelEnum(channel), address } } });
    if (!id) return;
    // BLOCKED never replaces STOPPED: writing again lifts a block, and must not lift the person's STOP with it.
    const r = await this.prisma.contact.updateMany({
      where: { id: id.contactId, ...(status === 'BLOCKED' ? { status: { not: 'STOPPED' } } : {}) },
      data: { status },
    });
    if (r.count === 0) return;
    await this.prisma.auditLog.create({
      data: {
        actor: 'system',
        action: `contact.${status.toLowerCase()}`,
        subject: `contact:${id.contactId}`,
        details: { channel, reason },
      },
    });
  }

  async linkPhone(contactId: number, phone: string): Promise<LinkPhoneResult> {
    return this.prisma.$transaction(async (tx): Promise<LinkPhoneResult> => {
      const existing = await tx.contactIdentity.findUnique({ where: { channel_address: { channel: 'SMS', address: phone } } });
      if (!existing) {
        await tx.contactIdentity.create({ data: { contactId, channel: 'SMS', address: phone } });
        return 'linked';
      }
      const otherId = existing.contactId;
      if (otherId === contactId) return 'linked';
      const other = await tx.contact.findUniqueOrThrow({
        where: { id: otherId },
        include: {
          subscriptions: true,
          signups: true,
          memberships: true,
          identities: { where: { channel: 'TELEGRAM' }, select: { id: true } },
        },
      });
      if (other.identities.length > 0) {
        await tx.auditLog.create({
          data: {
            actor: `contact:${contactId}`,
            action: 'contact.link_refused',
            subject: `contact:${otherId}`,
            details: { reason: 'the number belongs to another Telegram account' },
          },
        });
        return 'other_account';
      }
      await tx.subscription.createMany({
        data: other.subscriptions.map(({ id: _id, contactId: _c, ...s }) => ({ ...s, contactId })),
        skipDuplicates: true,
      });
      for (const s of other.signups) {
        const mine = await tx.signup.findUnique({ where: { eventId_contactId: { eventId: s.eventId, contactId } } });
        if (!mine) await tx.signup.update({ where: { id: s.id }, data: { contactId } });
      }
      for (const m of other.memberships) {
        await tx.organizationMember.upsert({
          where: { contactId_organizationId: { contactId, organizationId: m.organizationId } },
          create: { contactId, organizationId: m.organizationId, role: m.role },
          update: m.role === 'COORDINATOR' ? { role: 'COORDINATOR' } : {},
        });
      }
      await tx.contactIdentity.updateMany({ where: { contactId: otherId }, data: { contactId } });
      // Questions the SMS contact asked stay theirs: answers still go to the channel each was asked on.
      await tx.questionThread.updateMany({ where: { residentId: otherId }, data: { residentId: contactId } });
      await tx.recentOrganizationList.deleteMany({ where: { contactId: otherId } });
      await tx.delivery.updateMany({ where: { contactId: otherId }, data: { contactId: null } });
      if (other.role === 'ADMIN') await tx.contact.update({ where: { id: contactId }, data: { role: 'ADMIN' } });
      // A STOP given by SMS is the person's: it survives the merge.
      if (other.status === 'STOPPED') await tx.contact.update({ where: { id: contactId }, data: { status: 'STOPPED' } });
      await tx.contact.delete({ where: { id: otherId } });
      await tx.auditLog.create({ data: { actor: `contact:${contactId}`, action: 'contact.merged', subject: `contact:${otherId}` } });
      return 'merged';
    });
  }

  async erasableFromUnverified(contactId: number): Promise<boolean> {
    const c = await this.prisma.contact.findUnique({
      where: { id: contactId },
      select: {
        role: true,
        _count: { select: { memberships: true } },
        identities: { where: { channel: 'TELEGRAM' }, select: { id: true } },
      },
    });
    if (!c) return true;
    return c.role !== 'ADMIN' && c._count.memberships === 0 && c.identities.length === 0;
  }

  /**
   * Erases a person everywhere, in one transaction ("delete my data"):
   *  - the contact row and, by cascade, identities, memberships, subscriptions and sign-ups;
   *  - conversation state of every identity (it may hold a shared location), reply quotas, inbound ids and the
   *    replies kept for provider retries, event notices;
   *  - deliveries stay for the broadcast's anonymous counts, without the contact and without provider error texts
   *    (they can quote the number); invite codes and broadcasts forget who used or created them;
   *  - audit rows keep what happened but not who: "contact:<id>" becomes "contact:erased".
   * `beforeErase` hooks run first (hand a held seat to the waitlist and tell the promoted person).
   */
  async erase(contactId: number, via: { verifiedChannel: boolean }): Promise<void> {
    // Checked here, not only in the dialog: a forged SMS must never erase an administrator or a coordinator.
    if (!via.verifiedChannel && !(await this.erasableFromUnverified(contactId)))
      throw new NotAllowedError('erasure of a privileged contact needs a verified channel');
    for (const hook of this.beforeErase) await hook(contactId);
    const who = `contact:${contactId}`;
    await this.prisma.$transaction(
      async (tx) => {
        const identities = await tx.contactIdentity.findMany({ where: { contactId } });
        // An identity's conversation: the phone number for SMS, the chat for Telegram (as the channels set it).
        const stateKeys = identities.map((i) =>
          conversationStateKey(
            i.channel === 'SMS'
              ? { channel: 'sms', conversationId: i.address }
              : { channel: 'telegram', conversationId: i.chatId ?? i.address },
          ),
        );
        await tx.dialogState.deleteMany({ where: { key: { in: stateKeys } } });
        for (const i of identities) {
          await tx.senderQuota.deleteMany({ where: { channel: i.channel, address: i.address } });
          await tx.inboundMessage.deleteMany({ where: { channel: i.channel, sender: i.address } });
        }
        // Other people's kept replies that name them (a coordinator's attendee list, say) are emptied: a provider
        // retry of those turns then gets no answer, which is better than their name and number.
        const person = await tx.contact.findUnique({ where: { id: contactId }, select: { displayName: true } });
        const needles = personalNeedles(identities, person?.displayName ?? null);
        if (needles.length) {
          await tx.$executeRaw`UPDATE "InboundMessage" SET "replies" = '[]'::jsonb WHERE "replies" IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(${needles}::text[]) AS n WHERE strpos("replies"::text, n) > 0)`;
        }
        await tx.eventNotice.deleteMany({ where: { contactId } });
        // Questions they asked stay for the city's counts, anonymous and closed: no resident, no text of theirs, no
        // pending answer; the Telegram messages that showed questions to them and their last list go.
        await tx.questionMessage.updateMany({
          where: { thread: { residentId: contactId }, author: 'RESIDENT' },
          data: { text: '', authorId: null },
        });
        await tx.questionMessage.updateMany({
          where: { thread: { residentId: contactId }, relayStatus: 'PENDING' },
          data: { relayStatus: 'SKIPPED' },
        });
        await tx.questionThread.updateMany({
          where: { residentId: contactId, status: { not: 'CLOSED' } },
          data: { status: 'CLOSED', closedAt: new Date() },
        });
        await tx.questionThread.updateMany({
          where: { residentId: contactId },
          data: { residentId: null, sharesNumber: false, sourceMessage: null },
        });
        await tx.questionMessage.updateMany({ where: { authorId: contactId }, data: { authorId: null } });
        await tx.questionThread.updateMany({ where: { takenById: contactId }, data: { takenById: null } });
        await tx.questionThread.updateMany({ where: { answeredById: contactId }, data: { answeredById: null } });
        await tx.questionNotice.deleteMany({ where: { contactId } });
        await tx.recentOrganizationList.deleteMany({ where: { contactId } });
        // A Telegram provider id is "tg:<chat id>:<message id>": it names the person's chat.
        const chats = identities.filter((i) => i.channel === 'TELEGRAM').map((i) => `tg:${i.chatId ?? i.address}:`);
        if (chats.length)
          await tx.delivery.updateMany({
            where: { OR: chats.map((prefix) => ({ providerMessageId: { startsWith: prefix } })) },
            data: { providerMessageId: null },
          });
        await tx.delivery.updateMany({ where: { contactId }, data: { contactId: null, errorMessage: null } });
        await tx.inviteCode.updateMany({ where: { usedById: contactId }, data: { usedById: null } });
        await tx.broadcast.updateMany({
          where: { createdById: contactId },
          data: { createdById: null, progressChatId: null, progressMessageId: null },
        });
        await tx.auditLog.updateMany({ where: { actor: who }, data: { actor: 'contact:erased' } });
        await tx.auditLog.updateMany({ where: { subject: who }, data: { subject: 'contact:erased' } });
        await tx.contact.delete({ where: { id: contactId } });
        await tx.auditLog.create({ data: { actor: 'contact:erased', action: 'contact.erased' } });
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
  }
}
