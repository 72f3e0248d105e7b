/**
 * Ask an organisation, the server side (implements the dialogs' QuestionsPort): threads and messages in Prisma,
 * the question shown at once to the organisation's people on Telegram (with buttons; the message ids kept so a
 * reply-to finds the thread), answers relayed to the resident on the channel they asked on, exactly once (an
 * outbox row claimed PENDING → SENDING → SENT; the scheduler tick retries what could not go). An answer to a
 * question the resident asked is not a message we start: STOP does not block it and quiet hours do not delay it.
 * Escalation: an organisation with nobody on Telegram, a question unanswered after `escalateAfterMs` (default
 * 48 h, clock injected), or "pass to the city" goes to the administrators, and the resident is told.
 *
 * Privacy: the organisation sees a pseudonym per thread ("Mieszkaniec K7QP"), never the number or Telegram
 * identity, unless the resident sends POKAŻ NUMER / SHARE MY NUMBER.
 */
import { randomInt } from 'node:crypto';
import { OPEN_QUESTION_STATUSES as OPEN } from './statuses.js';
import type { PrismaClient } from '../../prisma/database.js';
import type { Reply } from '../../dialogs/activity.js';
import { isLocale, DEFAULT_LOCALE, t, type Locale } from '../../dialogs/i18n/index.js';
import type { Actor } from '../../dialogs/ports.js';
import type { AskOutcome, OrgOutcome, QuestionsPort, ThreadLine } from '../../dialogs/questions/ports.js';
import { questionButtons, type AskableOrganization } from '../../dialogs/questions/commands.js';
import type { OutboundSms, OutboundTelegram } from '../channels/outbound.js';
import { renderSms } from '../channels/sms/render.js';

export interface QuestionOptions {
  clock: () => Date;
  /** Unanswered this long → administrators (default 48 h). */
  escalateAfterMs?: number;
  /** Open threads per resident (default 3) and new ones per 24 h (default 5). */
  maxOpen?: number;
  maxPerDay?: number;
  transliterate?: boolean;
  logger?: { warn(obj: object, msg: string): void };
}

type Outbound = { sms: OutboundSms; telegram: OutboundTelegram };
type Thread = NonNullable<Awaited<ReturnType<PrismaClient['questionThread']['findUnique']>>>;

const MAX_RELAY_ATTEMPTS = 5;
const PSEUDO = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export class QuestionService implements QuestionsPort {
  private readonly escalateAfterMs: number;
  constructor(
    private readonly prisma: PrismaClient,
    private readonly outbound: Outbound,
    private readonly o: QuestionOptions,
  ) {
    this.escalateAfterMs = o.escalateAfterMs ?? 48 * 3_600_000;
  }

  private now() {
    return this.o.clock();
  }

  // ---- lists ------------------------------------------------------------------------------------------------

  async listed(contactId: number, position: number) {
    const l = await this.prisma.recentOrganizationList.findUnique({ where: { contactId } });
    const id = l?.organizationIds[position - 1];
    if (id === undefined) return undefined;
    const org = await this.prisma.organization.findUnique({ where: { id }, select: { id: true, name: true, active: true } });
    return org?.active ? { id: org.id, name: org.name } : undefined;
  }

  async askable(contactId: number, by: { id: number } | { phrase: string }): Promise<AskableOrganization[]> {
    const rows =
      'id' in by
        ? await this.prisma.$queryRaw<AskableOrganization[]>`
          SELECT o."id", o."name", (l."contactId" IS NOT NULL) AS "listed" FROM "Organization" o
          LEFT JOIN "RecentOrganizationList" l ON l."contactId" = ${contactId} AND o."id" = ANY(l."organizationIds")
          WHERE o."active" AND o."id" = ${by.id}`
        : await this.prisma.$queryRaw<AskableOrganization[]>`
          SELECT o."id", o."name", (l."contactId" IS NOT NULL) AS "listed" FROM "Organization" o
          LEFT JOIN "RecentOrganizationList" l ON l."contactId" = ${contactId} AND o."id" = ANY(l."organizationIds")
          WHERE o."active" AND (l."contactId" IS NOT NULL
            OR strpos(lower(${by.phrase}), lower(o."name")) = 1 OR strpos(lower(o."name"), lower(${by.phrase})) > 0)
          ORDER BY (l."contactId" IS NOT NULL) DESC, o."id" LIMIT 50`;
    return rows.map((r) => ({ id: Number(r.id), name: r.name, listed: Boolean(r.listed) }));
  }

  // ---- residents --------------------------------------------------------------------------------------------

  async ask(actor: Actor, channel: 'sms' | 'telegram', organizationId: number, text: string): Promise<AskOutcome> {
    const org = await this.prisma.organization.findUnique({ where: { id: organizationId } });
    if (!org?.active) return { ok: false, reason: 'unknown_org' };
    const typicalHours = await this.typicalHours(organizationId);
    if (actor.message) {
      const earlier = await this.prisma.questionThread.findUnique({ where: { sourceMessage: actor.message } });
      if (earlier) return { ok: true, ref: earlier.id, org: org.name, escalated: earlier.status === 'ESCALATED', typicalHours };
    }
    const now = this.now();
    const maxOpen = this.o.maxOpen ?? 3;
    const maxPerDay = this.o.maxPerDay ?? 5;
    if (
      (await this.prisma.questionThread.count({ where: { residentId: actor.contactId, bulletinId: null, status: { in: [...OPEN] } } })) >=
      maxOpen
    )
      return { ok: false, reason: 'too_many_open', limit: maxOpen };
    if (
      (await this.prisma.questionThread.count({
        where: { residentId: actor.contactId, bulletinId: null, createdAt: { gt: new Date(now.getTime() - 86_400_000) } },
      })) >= maxPerDay
    )
      return { ok: false, reason: 'daily_cap', limit: maxPerDay };
    if (await this.isBlocked(actor.contactId, organizationId)) return { ok: false, reason: 'blocked' };
    const pseudonym = Array.from({ length: 4 }, () => PSEUDO[randomInt(PSEUDO.length)]).join('');
    const thread = await this.prisma.questionThread.create({
      data: {
        organizationId,
        residentId: actor.contactId,
        residentChannel: channel === 'sms' ? 'SMS' : 'TELEGRAM',
        pseudonym,
        sourceMessage: actor.message,
        createdAt: now,
        messages: { create: [{ author: 'RESIDENT', authorId: actor.contactId, text, createdAt: now }] },
      },
    });
    const shown = await this.showToOrganization(thread, 'question', text);
    if (shown === 0) {
      await this.escalate(thread.id, 'nobody', { tellResident: false });
      return { ok: true, ref: thread.id, org: org.name, escalated: true, typicalHours };
    }
    return { ok: true, ref: thread.id, org: org.name, escalated: false, typicalHours };
  }

  async hasOpenThread(channel: 'sms' | 'telegram', address: string): Promise<boolean> {
    // A webhook turn knows it from its claim (InboundActivity.openQuestion); this is for turns without one.
    const [r] = await this.prisma.$queryRaw<Array<{ open: boolean }>>`
      SELECT EXISTS (
        SELECT 1 FROM "ContactIdentity" i JOIN "QuestionThread" t ON t."residentId" = i."contactId"
        WHERE i."channel" = ${channel === 'sms' ? 'SMS' : 'TELEGRAM'}::"Channel" AND i."address" = ${address}
          AND t."bulletinId" IS NULL AND t."status"::text = ANY(${[...OPEN]}::text[])) AS "open"`;
    return r?.open === true;
  }

  private latestOpen(contactId: number) {
    // A resident's own questions: a member's reply to a bulletin is continued by replying to its messages, never by SMS.
    return this.prisma.questionThread.findFirst({
      where: { residentId: contactId, bulletinId: null, status: { in: [...OPEN] } },
      orderBy: { id: 'desc' },
    });
  }

  async followUp(actor: Actor, text: string, ref?: number) {
    // Only the resident's own thread, still open.
    const thread =
      ref === undefined
        ? await this.latestOpen(actor.contactId)
        : await this.prisma.questionThread.findFirst({ where: { id: ref, residentId: actor.contactId, status: { in: [...OPEN] } } });
    if (!thread) return undefined;
    if (actor.message && (await this.prisma.questionMessage.findUnique({ where: { sourceMessage: actor.message } })))
      return { ref: thread.id };
    const m = await this.prisma.questionMessage.create({
      data: {
        threadId: thread.id,
        author: 'RESIDENT',
        authorId: actor.contactId,
        text,
        sourceMessage: actor.message,
        createdAt: this.now(),
      },
    });
    await this.prisma.questionThread.update({ where: { id: thread.id }, data: { updatedAt: this.now() } }); // activity, for retention
    if (thread.status === 'ESCALATED') {
      const who = await this.whoWrote(thread);
      await this.showToAdmins(thread, `message:${m.id}`, (l) => this.followUpText(l, thread, text, who));
    } else await this.showToOrganization(thread, `message:${m.id}`, text);
    return { ref: thread.id };
  }

  async close(actor: Actor) {
    const thread = await this.latestOpen(actor.contactId);
    if (!thread) return undefined;
    await this.prisma.questionThread.update({ where: { id: thread.id }, data: { status: 'CLOSED', closedAt: this.now() } });
    return { ref: thread.id };
  }

  async shareNumber(actor: Actor) {
    const thread = await this.latestOpen(actor.contactId);
    if (!thread) return undefined;
    await this.prisma.questionThread.update({ where: { id: thread.id }, data: { sharesNumber: true } });
    const number = await this.residentNumber(thread.residentId);
    if (number) {
      const who = thread.status === 'ESCALATED' ? this.admins() : this.orgPeople(thread.organizationId);
      await this.showTo(await who, thread.id, 'shared', (l) => [
        { kind: 'text', text: t(l, 'q.number_to_org', { ref: thread.id, number }) },
      ]);
    }
    return { ref: thread.id };
  }

  // ---- replies to network bulletins (issue 17) --------------------------------------------------------------

  /**
   * A member replies to a network bulletin: the first reply opens a thread addressed to the bulletin's sending
   * organisation (its people see it on Telegram, with the reply and take buttons; the bulletin's other recipients
   * never do), later replies of the same member to the same bulletin continue it. The organisation answers it like
   * a question (ODPOWIEDZ #ref, reply-to, ✍️) and the answer goes back to the member. The caller has checked that
   * this member may reply (bot/network/bulletin-replies.ts). `shown` is how many of the organisation got it.
   */
  async replyToBulletin(
    actor: Actor,
    bulletin: { id: number; organizationId: number },
    text: string,
  ): Promise<{ ref: number; shown: number }> {
    if (actor.message) {
      const earlier =
        (await this.prisma.questionThread.findUnique({ where: { sourceMessage: actor.message }, select: { id: true } })) ??
        (await this.prisma.questionMessage
          .findUnique({ where: { sourceMessage: actor.message }, select: { threadId: true } })
          .then((m) => (m ? { id: m.threadId } : null)));
      if (earlier) return { ref: earlier.id, shown: (await this.orgPeople(bulletin.organizationId)).length };
    }
    const now = this.now();
    const open = await this.prisma.questionThread.findFirst({
      where: { bulletinId: bulletin.id, residentId: actor.contactId, organizationId: bulletin.organizationId, status: { in: [...OPEN] } },
      orderBy: { id: 'desc' },
    });
    if (open) {
      const m = await this.prisma.questionMessage.create({
        data: { threadId: open.id, author: 'RESIDENT', authorId: actor.contactId, text, sourceMessage: actor.message, createdAt: now },
      });
      await this.prisma.questionThread.update({ where: { id: open.id }, data: { updatedAt: now } });
      return { ref: open.id, shown: await this.showToOrganization(open, `message:${m.id}`, text) };
    }
    const pseudonym = Array.from({ length: 4 }, () => PSEUDO[randomInt(PSEUDO.length)]).join('');
    const thread = await this.prisma.questionThread.create({
      data: {
        organizationId: bulletin.organizationId,
        residentId: actor.contactId,
        residentChannel: 'TELEGRAM',
        pseudonym,
        bulletinId: bulletin.id,
        sourceMessage: actor.message,
        createdAt: now,
        messages: { create: [{ author: 'RESIDENT', authorId: actor.contactId, text, createdAt: now }] },
      },
    });
    await this.prisma.auditLog.create({
      data: {
        actor: `contact:${actor.contactId}`,
        action: 'bulletin.replied',
        subject: `broadcast:${bulletin.id}`,
        details: { question: thread.id, organizationId: bulletin.organizationId },
      },
    });
    return { ref: thread.id, shown: await this.showToOrganization(thread, 'question', text) };
  }

  // ---- organisations and administrators ---------------------------------------------------------------------

  /** The thread, if this actor may act on it: a verified channel, and a member of its organisation or an administrator. */
  private async authorise(
    actor: Actor,
    ref: number,
  ): Promise<
    { thread: Thread; org: string; admin: boolean; name: string } | { ok: false; reason: 'unknown' | 'not_allowed'; ref: number }
  > {
    if (!actor.verifiedChannel) return { ok: false, reason: 'not_allowed', ref };
    const me = await this.prisma.contact.findUnique({
      where: { id: actor.contactId },
      select: { role: true, displayName: true, memberships: { select: { organizationId: true } } },
    });
    const thread = await this.prisma.questionThread.findUnique({ where: { id: ref } });
    if (!me || !thread) return { ok: false, reason: 'unknown', ref };
    const admin = me.role === 'ADMIN';
    if (!admin && !me.memberships.some((m) => m.organizationId === thread.organizationId)) return { ok: false, reason: 'unknown', ref };
    const org = (await this.prisma.organization.findUnique({ where: { id: thread.organizationId }, select: { name: true } }))?.name ?? '';
    return { thread, org, admin, name: me.displayName ?? `#${actor.contactId}` };
  }

  async answer(actor: Actor, ref: number, text: string): Promise<OrgOutcome> {
    const a = await this.authorise(actor, ref);
    if ('ok' in a) return a;
    const { thread } = a;
    if (thread.status === 'CLOSED') return { ok: false, reason: 'closed', ref };
    const earlier = actor.message ? await this.prisma.questionMessage.findUnique({ where: { sourceMessage: actor.message } }) : null;
    if (earlier) return { ok: true, ref, org: a.org };
    const now = this.now();
    // An administrator answers in the city's name unless they are also of this organisation.
    const member =
      (await this.prisma.organizationMember.count({ where: { contactId: actor.contactId, organizationId: thread.organizationId } })) > 0;
    const m = await this.prisma.questionMessage.create({
      data: {
        threadId: ref,
        author: member ? 'ORGANIZATION' : 'ADMIN',
        authorId: actor.contactId,
        text,
        sourceMessage: actor.message,
        relayStatus: 'PENDING',
        createdAt: now,
      },
    });
    await this.prisma.questionThread.update({
      where: { id: ref },
      data: { status: 'ANSWERED', answeredById: actor.contactId, firstAnsweredAt: thread.firstAnsweredAt ?? now },
    });
    await this.prisma.auditLog.create({
      data: { actor: `contact:${actor.contactId}`, action: 'question.answered', subject: `question:${ref}` },
    });
    await this.relay(m.id);
    // Everyone else of the organisation (and the administrators of an escalated one) sees who answered.
    const others = [...(await this.orgPeople(thread.organizationId)), ...(thread.status === 'ESCALATED' ? await this.admins() : [])].filter(
      (p) => p.contactId !== actor.contactId,
    );
    await this.showTo(others, ref, `answered:${m.id}`, (l) => [
      { kind: 'text', text: t(l, 'q.answered_note', { name: a.name, ref, text: [...text].slice(0, 200).join('') }) },
    ]);
    return { ok: true, ref, org: a.org, bulletin: thread.bulletinId ?? undefined };
  }

  async threadForReply(chatId: string, messageId: string) {
    const n = await this.prisma.questionNotice.findFirst({ where: { chatId, messageId }, select: { threadId: true, kind: true } });
    return n ? { ref: n.threadId, asResident: n.kind.startsWith('relay:') } : undefined;
  }

  async take(actor: Actor, ref: number): Promise<OrgOutcome> {
    const a = await this.authorise(actor, ref);
    if ('ok' in a) return a;
    if (a.thread.status === 'CLOSED') return { ok: false, reason: 'closed', ref };
    if (a.thread.takenById && a.thread.takenById !== actor.contactId) {
      const other = await this.prisma.contact.findUnique({ where: { id: a.thread.takenById }, select: { displayName: true } });
      return { ok: false, reason: 'taken_by_other', ref, name: other?.displayName ?? `#${a.thread.takenById}` };
    }
    const r = await this.prisma.questionThread.updateMany({
      where: { id: ref, takenById: null },
      data: { takenById: actor.contactId, takenAt: this.now(), ...(a.thread.status === 'OPEN' ? { status: 'TAKEN' } : {}) },
    });
    if (r.count === 1) {
      const others = (await this.orgPeople(a.thread.organizationId)).filter((p) => p.contactId !== actor.contactId);
      await this.showTo(others, ref, `taken:${actor.contactId}`, (l) => [
        { kind: 'text', text: t(l, 'q.taken_note', { name: a.name, ref }) },
      ]);
    }
    return { ok: true, ref, org: a.org };
  }

  async passToCity(actor: Actor, ref: number): Promise<OrgOutcome> {
    const a = await this.authorise(actor, ref);
    if ('ok' in a) return a;
    if (a.thread.status === 'CLOSED') return { ok: false, reason: 'closed', ref };
    await this.escalate(ref, 'passed', { tellResident: true });
    return { ok: true, ref, org: a.org };
  }

  async blockSender(actor: Actor, ref: number): Promise<OrgOutcome> {
    const a = await this.authorise(actor, ref);
    if ('ok' in a) return a;
    await this.prisma.questionThread.update({ where: { id: ref }, data: { status: 'CLOSED', closedAt: this.now() } });
    if (a.thread.residentId)
      await this.prisma.auditLog.create({
        data: {
          actor: `contact:${actor.contactId}`,
          action: 'question.sender_blocked',
          subject: `contact:${a.thread.residentId}`,
          details: { organizationId: a.thread.organizationId, question: ref },
        },
      });
    return { ok: true, ref, org: a.org };
  }

  async forward(actor: Actor, ref: number, organizationId: number): Promise<OrgOutcome> {
    const a = await this.authorise(actor, ref);
    if ('ok' in a) return a;
    if (!a.admin) return { ok: false, reason: 'not_allowed', ref };
    const org = await this.prisma.organization.findUnique({ where: { id: organizationId } });
    if (!org?.active) return { ok: false, reason: 'unknown', ref };
    const thread = await this.prisma.questionThread.update({
      where: { id: ref },
      data: { organizationId, status: 'OPEN', takenById: null, takenAt: null, escalatedAt: null, createdAt: this.now() },
    });
    const first = await this.prisma.questionMessage.findFirst({ where: { threadId: ref, author: 'RESIDENT' }, orderBy: { id: 'asc' } });
    const shown = await this.showToOrganization(thread, `question:${organizationId}`, first?.text ?? '');
    await this.tellResident(thread, (l) => t(l, 'q.resident_forwarded', { ref, org: org.name }), `forwarded:${organizationId}`);
    if (shown === 0) await this.escalate(ref, 'nobody', { tellResident: false });
    return { ok: true, ref, org: org.name };
  }

  async list(actor: Actor): Promise<ThreadLine[] | undefined> {
    if (!actor.verifiedChannel) return undefined;
    const me = await this.prisma.contact.findUnique({
      where: { id: actor.contactId },
      select: { role: true, memberships: { select: { organizationId: true } } },
    });
    if (!me) return undefined;
    const orgIds = me.memberships.map((m) => m.organizationId);
    if (!orgIds.length && me.role !== 'ADMIN') return undefined;
    const threads = await this.prisma.questionThread.findMany({
      where: {
        status: { in: [...OPEN] },
        OR: [{ organizationId: { in: orgIds } }, ...(me.role === 'ADMIN' ? [{ status: 'ESCALATED' as const }] : [])],
      },
      orderBy: { createdAt: 'asc' },
      take: 30,
      include: { messages: { where: { author: 'RESIDENT' }, orderBy: { id: 'asc' }, take: 1 } },
    });
    const orgs = new Map(
      (
        await this.prisma.organization.findMany({
          where: { id: { in: [...new Set(threads.map((x) => x.organizationId))] } },
          select: { id: true, name: true },
        })
      ).map((o) => [o.id, o.name]),
    );
    const takers = new Map(
      (
        await this.prisma.contact.findMany({
          where: { id: { in: threads.map((x) => x.takenById).filter((x): x is number => x !== null) } },
          select: { id: true, displayName: true },
        })
      ).map((c) => [c.id, c.displayName ?? `#${c.id}`]),
    );
    return threads.map((x) => ({
      ref: x.id,
      org: orgs.get(x.organizationId) ?? '',
      status: x.status,
      takenBy: x.takenById ? takers.get(x.takenById) : undefined,
      createdAt: x.createdAt,
      text: x.messages[0]?.text ?? '',
    }));
  }

  // ---- the scheduler tick -----------------------------------------------------------------------------------

  /** Escalates questions unanswered past the deadline, and retries relays that could not go. */
  async tick(now = this.now()): Promise<{ escalated: number[]; relayed: number }> {
    const due = await this.prisma.questionThread.findMany({
      where: {
        status: { in: ['OPEN', 'TAKEN'] },
        bulletinId: null, // a reply to a bulletin is between two organisations, not the city's business
        firstAnsweredAt: null,
        escalatedAt: null,
        createdAt: { lte: new Date(now.getTime() - this.escalateAfterMs) },
      },
      select: { id: true },
    });
    const escalated: number[] = [];
    for (const d of due) if (await this.escalate(d.id, 'timeout', { tellResident: true })) escalated.push(d.id);
    let relayed = 0;
    for (const m of await this.prisma.questionMessage.findMany({ where: { relayStatus: 'PENDING' }, select: { id: true }, take: 100 }))
      if (await this.relay(m.id)) relayed++;
    return { escalated, relayed };
  }

  /** Moves a thread to the administrators once (the first caller wins); tells them, and the resident if asked. */
  private async escalate(ref: number, why: 'nobody' | 'timeout' | 'passed', o: { tellResident: boolean }): Promise<boolean> {
    const r = await this.prisma.questionThread.updateMany({
      where: { id: ref, escalatedAt: null, status: { not: 'CLOSED' } },
      data: { status: 'ESCALATED', escalatedAt: this.now() },
    });
    if (r.count !== 1) return false;
    const thread = (await this.prisma.questionThread.findUnique({ where: { id: ref } }))!;
    const org = (await this.prisma.organization.findUnique({ where: { id: thread.organizationId }, select: { name: true } }))?.name ?? '';
    const first = await this.prisma.questionMessage.findFirst({ where: { threadId: ref, author: 'RESIDENT' }, orderBy: { id: 'asc' } });
    const hours = Math.round(this.escalateAfterMs / 3_600_000);
    await this.showToAdmins(thread, `escalated:${thread.escalatedAt!.getTime()}`, (l) => [
      {
        kind: 'choices',
        text: t(l, 'q.to_admin', {
          ref,
          org,
          why: t(l, why === 'nobody' ? 'q.why_nobody' : why === 'timeout' ? 'q.why_timeout' : 'q.why_passed', { hours }),
          who: t(l, 'q.resident', { p: thread.pseudonym }),
          text: first?.text ?? '',
        }),
        choices: [{ value: `q:reply:${ref}`, label: t(l, 'q.btn_reply') }],
      },
    ]);
    await this.prisma.auditLog.create({
      data: { actor: 'system', action: 'question.escalated', subject: `question:${ref}`, details: { why } },
    });
    if (o.tellResident)
      await this.tellResident(thread, (l) => t(l, 'q.resident_escalated', { ref, org }), `escalated:${thread.escalatedAt!.getTime()}`);
    return true;
  }

  // ---- sending ----------------------------------------------------------------------------------------------

  /** People of an organisation reachable on Telegram (members and coordinators). */
  private async orgPeople(organizationId: number) {
    const ms = await this.prisma.organizationMember.findMany({
      where: { organizationId },
      include: { contact: { include: { identities: { where: { channel: 'TELEGRAM' } } } } },
    });
    return ms.flatMap((m) =>
      m.contact.status !== 'BLOCKED' && m.contact.identities[0]
        ? [
            {
              contactId: m.contactId,
              chatId: m.contact.identities[0].chatId ?? m.contact.identities[0].address,
              locale: loc(m.contact.locale),
            },
          ]
        : [],
    );
  }

  private async admins() {
    const cs = await this.prisma.contact.findMany({
      where: { role: 'ADMIN', status: { not: 'BLOCKED' } },
      include: { identities: { where: { channel: 'TELEGRAM' } } },
    });
    return cs.flatMap((c) =>
      c.identities[0] ? [{ contactId: c.id, chatId: c.identities[0].chatId ?? c.identities[0].address, locale: loc(c.locale) }] : [],
    );
  }

  private followUpText(l: Locale, thread: Thread, text: string, who: (l: Locale) => string): Reply[] {
    return [{ kind: 'text', text: t(l, 'q.to_org_followup', { ref: thread.id, who: who(l), text }) }];
  }

  /**
   * How the organisation sees who wrote: a resident by the thread's pseudonym; a member replying to a bulletin by
   * their name (when Telegram gave one) and their organisations.
   */
  private async whoWrote(thread: Thread): Promise<(l: Locale) => string> {
    if (thread.bulletinId === null || !thread.residentId) return (l) => t(l, 'q.resident', { p: thread.pseudonym });
    const c = await this.prisma.contact.findUnique({
      where: { id: thread.residentId },
      select: {
        displayName: true,
        memberships: { select: { organization: { select: { name: true } } }, orderBy: { organizationId: 'asc' } },
      },
    });
    const orgs = (c?.memberships ?? [])
      .map((m) => m.organization.name)
      .slice(0, 3)
      .join(', ');
    return (l) => (c?.displayName ? t(l, 'net.reply_who_named', { name: c.displayName, orgs }) : t(l, 'net.reply_who', { orgs }));
  }

  /** Shows a thread's question (kind "question…") or a follow-up to the organisation's people; returns how many got it. */
  private async showToOrganization(thread: Thread, kind: string, text: string): Promise<number> {
    const org = (await this.prisma.organization.findUnique({ where: { id: thread.organizationId }, select: { name: true } }))?.name ?? '';
    const number = thread.sharesNumber ? await this.residentNumber(thread.residentId) : undefined;
    const people = await this.orgPeople(thread.organizationId);
    const who = await this.whoWrote(thread);
    const bulletinId = thread.bulletinId;
    await this.showTo(people, thread.id, kind, (l) =>
      kind.startsWith('question') && bulletinId !== null
        ? [
            {
              kind: 'choices',
              text: t(l, 'net.reply_to_org', {
                ref: thread.id,
                bulletin: bulletinId,
                who: who(l),
                number: number ? `, ${number}` : '',
                text,
              }),
              choices: questionButtons(thread.id)
                .filter((b) => b.action === 'reply' || b.action === 'take')
                .map((b) => ({ value: b.value, label: t(l, `q.btn_${b.action}`) })),
            },
          ]
        : kind.startsWith('question')
          ? [
              {
                kind: 'choices',
                text: t(l, 'q.to_org', {
                  ref: thread.id,
                  org,
                  who: who(l),
                  number: number ? `, ${number}` : '',
                  text,
                }),
                choices: questionButtons(thread.id).map((b) => ({ value: b.value, label: t(l, `q.btn_${b.action}`) })),
              },
            ]
          : this.followUpText(l, thread, text, who),
    );
    return people.length;
  }

  private async showToAdmins(thread: Thread, kind: string, build: (l: Locale) => Reply[]) {
    await this.showTo(await this.admins(), thread.id, kind, build);
  }

  /** Sends to each person once per (thread, kind): the notice row is written first, then the message, then its id. */
  private async showTo(
    people: Array<{ contactId: number; chatId: string; locale: Locale }>,
    threadId: number,
    kind: string,
    build: (l: Locale) => Reply[],
  ) {
    for (const p of people) {
      const ins = await this.prisma.questionNotice.createMany({
        data: [{ threadId, contactId: p.contactId, kind, chatId: p.chatId }],
        skipDuplicates: true,
      });
      if (ins.count !== 1) continue;
      try {
        const sent = await this.outbound.telegram.send(p.chatId, build(p.locale));
        const messageId = /^tg:[^:]+:(\d+)$/.exec(sent.providerMessageId)?.[1] ?? sent.providerMessageId;
        await this.prisma.questionNotice.update({
          where: { threadId_contactId_kind: { threadId, contactId: p.contactId, kind } },
          data: { messageId },
        });
      } catch (err) {
        this.o.logger?.warn({ err, threadId, contactId: p.contactId }, 'question not shown to an organisation member');
      }
    }
  }

  private async residentNumber(residentId: number | null): Promise<string | undefined> {
    if (!residentId) return undefined;
    return (await this.prisma.contactIdentity.findFirst({ where: { contactId: residentId, channel: 'SMS' } }))?.address;
  }

  /** A system line to the resident (escalated, forwarded), through the same outbox as answers. */
  private async tellResident(thread: Thread, build: (l: Locale) => string, kind: string) {
    if (!thread.residentId) return;
    const c = await this.prisma.contact.findUnique({ where: { id: thread.residentId }, select: { locale: true } });
    const m = await this.prisma.questionMessage
      .create({
        data: {
          threadId: thread.id,
          author: 'SYSTEM',
          text: build(loc(c?.locale)),
          sourceMessage: `system:${thread.id}:${kind}`,
          relayStatus: 'PENDING',
          createdAt: this.now(),
        },
      })
      .catch(() => undefined);
    if (m) await this.relay(m.id);
  }

  /** Sends one outbox message to the resident, exactly once (claimed PENDING → SENDING). Returns whether it went. */
  async relay(messageId: number): Promise<boolean> {
    const claim = await this.prisma.questionMessage.updateMany({
      where: { id: messageId, relayStatus: 'PENDING' },
      data: { relayStatus: 'SENDING', relayAttempts: { increment: 1 } },
    });
    if (claim.count !== 1) return false;
    const m = (await this.prisma.questionMessage.findUnique({ where: { id: messageId }, include: { thread: true } }))!;
    const resident = m.thread.residentId
      ? await this.prisma.contact.findUnique({ where: { id: m.thread.residentId }, include: { identities: true } })
      : null;
    const identity = resident?.identities.find((i) => i.channel === m.thread.residentChannel) ?? resident?.identities[0];
    if (!resident || !identity) {
      await this.prisma.questionMessage.update({ where: { id: messageId }, data: { relayStatus: 'SKIPPED' } });
      return false;
    }
    const l = loc(resident.locale);
    let text = m.text;
    if (m.author !== 'SYSTEM') {
      const org =
        m.author === 'ADMIN'
          ? t(l, 'q.city')
          : ((await this.prisma.organization.findUnique({ where: { id: m.thread.organizationId }, select: { name: true } }))?.name ?? '');
      text =
        m.thread.bulletinId !== null
          ? t(l, 'net.reply_answer', { org, ref: m.threadId, bulletin: m.thread.bulletinId, text: m.text })
          : t(l, 'q.answer_to_resident', { org, ref: m.threadId, text: m.text });
    }
    try {
      if (identity.channel === 'TELEGRAM') {
        const chatId = identity.chatId ?? identity.address;
        const sent = await this.outbound.telegram.send(chatId, [{ kind: 'text', text }]);
        // A Telegram reply to this message continues the thread (threadForReply).
        const tgId = /^tg:[^:]+:(\d+)$/.exec(sent.providerMessageId)?.[1] ?? sent.providerMessageId;
        await this.prisma.questionNotice.createMany({
          data: [{ threadId: m.threadId, contactId: resident.id, kind: `relay:${m.id}`, chatId, messageId: tgId }],
          skipDuplicates: true,
        });
      } else
        await this.outbound.sms.send(
          identity.address,
          renderSms([{ kind: 'text', text }], { transliterate: this.o.transliterate ?? false }).body,
        );
      await this.prisma.questionMessage.update({ where: { id: messageId }, data: { relayStatus: 'SENT', relayedAt: this.now() } });
      return true;
    } catch (err) {
      this.o.logger?.warn({ err, messageId }, 'answer to a resident not delivered; will retry');
      await this.prisma.questionMessage.update({
        where: { id: messageId },
        data: { relayStatus: m.relayAttempts >= MAX_RELAY_ATTEMPTS ? 'FAILED' : 'PENDING' },
      });
      return false;
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  private async isBlocked(contactId: number, organizationId: number): Promise<boolean> {
    const rows = await this.prisma.auditLog.findMany({
      where: { action: 'question.sender_blocked', subject: `contact:${contactId}` },
      select: { details: true },
    });
    return rows.some((r) => (r.details as { organizationId?: number } | null)?.organizationId === organizationId);
  }

  /** How long this organisation usually takes to answer (median of the last 90 days), else the escalation time. */
  private async typicalHours(organizationId: number): Promise<number> {
    const since = new Date(this.now().getTime() - 90 * 86_400_000);
    const rows = await this.prisma.questionThread.findMany({
      where: { organizationId, firstAnsweredAt: { not: null }, createdAt: { gte: since } },
      select: { createdAt: true, firstAnsweredAt: true },
      take: 500,
    });
    if (rows.length < 3) return Math.round(this.escalateAfterMs / 3_600_000);
    const hours = rows.map((r) => (r.firstAnsweredAt!.getTime() - r.createdAt.getTime()) / 3_600_000).sort((a, b) => a - b);
    return Math.max(1, Math.ceil(hours[Math.floor(hours.length / 2)]!));
  }
}

function loc(l: string | undefined | null): Locale {
  return isLocale(l) ? l : DEFAULT_LOCALE;
}
