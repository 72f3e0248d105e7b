/** The broadcast commands' port: authorisation by role, preview, creation, listing and cancelling. */
import type { PrismaClient } from '../../prisma/database.js';
import type { BroadcastDraft, BroadcastPort } from '../../dialogs/broadcasts/ports.js';
import type { CategoryCatalog } from '../../dialogs/nearest/ports.js';
import { findCategory } from '../../dialogs/nearest/category-match.js';
import { audienceOf, type BroadcastService } from './broadcasts.js';
import { NotAllowedError, type Actor } from '../../dialogs/ports.js';
import type { Approvals } from '../network/approvals.js';
import { describeBroadcast, senderOrganization } from '../network/bulletins.js';

export class BroadcastCommands implements BroadcastPort {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly service: BroadcastService,
    private readonly categories: CategoryCatalog,
    /** Four eyes for wide sends (issue 17); without it every send is scheduled at once. */
    private readonly approvals?: Approvals,
  ) {}

  async topicId(word: string) {
    return findCategory(word, await this.categories.list())?.category.id;
  }

  /**
   * Admins: anything. Coordinators: their organisation's audience and its events' attendees, not urgent. Never from
   * an unverified channel (SMS). Checked again by create, update and cancel, whoever calls them.
   */
  async authorize(actor: Actor, d: Pick<BroadcastDraft, 'audience' | 'urgent'>) {
    if (!actor.verifiedChannel) return false;
    const contactId = actor.contactId;
    const c = await this.prisma.contact.findUnique({ where: { id: contactId }, select: { role: true } });
    if (c?.role === 'ADMIN') return true;
    if (d.urgent) return false;
    // A network bulletin: any coordinator, from their organisation (issue 17).
    if (d.audience.kind === 'NETWORK') return (await senderOrganization(this.prisma, contactId)) !== undefined;
    const orgs = (
      await this.prisma.organizationMember.findMany({ where: { contactId, role: 'COORDINATOR' }, select: { organizationId: true } })
    ).map((m) => m.organizationId);
    if (d.audience.kind === 'ORGANIZATION') return orgs.includes(d.audience.ref);
    if (d.audience.kind === 'EVENT') {
      const ref = d.audience.ref;
      const e = await this.prisma.event.findUnique({ where: { id: ref }, select: { organizationId: true } });
      return e !== null && orgs.includes(e.organizationId);
    }
    return false;
  }

  async preview(d: BroadcastDraft, actor?: Actor) {
    const audience = await this.withSender(d, actor?.contactId);
    const p = await this.service.preview(audience, d.policy, await this.signed(audience, d.text), new Date(d.firstRun));
    return {
      ...p.recipients,
      encoding: p.sms.encoding,
      segments: p.sms.segmentsPerMessage,
      total: p.sms.totalSegments,
      cost: p.sms.estimatedCost,
    };
  }

  async create(actor: Actor, d: BroadcastDraft, progressChatId?: string) {
    if (!(await this.authorize(actor, d))) throw new NotAllowedError('not allowed to send to this audience');
    const contactId = actor.contactId;
    const audience = await this.withSender(d, contactId);
    const organizationId = audience.kind === 'ORGANIZATION' || audience.kind === 'NETWORK' ? audience.ref : undefined;
    // A wide send waits for an administrator's approval; PENDING_APPROVAL is never claimed by the scheduler.
    const p = await this.preview(d, actor);
    const approvals = this.approvals;
    const reasons = approvals ? approvals.reasonsForSend(audience.kind, p) : [];
    const draft = {
      createdById: contactId,
      organizationId,
      audience,
      policy: d.policy,
      text: await this.signed(audience, d.text),
      urgent: d.urgent,
      firstRun: new Date(d.firstRun),
      repeat: d.repeat,
      progressChatId,
      sourceMessage: actor.message,
    };
    if (!approvals || !reasons.length) return (await this.service.create({ ...draft, status: 'SCHEDULED' })).id;
    // Held for approval: the broadcast and its request are one transaction (a crash between two writes would leave a
    // broadcast waiting for a request nobody got); the administrators are told after it commits.
    const held = await this.prisma.$transaction(async (tx) => {
      const b = await this.service.create({ ...draft, status: 'PENDING_APPROVAL' }, tx);
      return {
        b,
        request: b.status === 'PENDING_APPROVAL' ? await approvals.record(tx, 'broadcast', b.id, contactId, reasons) : undefined,
      };
    });
    const { b, request } = held;
    if (request?.created) await approvals.announce(request.id, contactId, reasons, (l) => describeBroadcast(this.prisma, b.id, p, l));
    return b.id;
  }

  async approvalOf(id: number) {
    return this.approvals?.pendingFor('broadcast', id);
  }

  /** A network bulletin says which organisation sends it ("[Klub Sportowy] …"), in every language the same. */
  private async signed(audience: import('./broadcasts.js').Audience, text: string): Promise<string> {
    if (audience.kind !== 'NETWORK' || audience.ref === undefined) return text;
    const org = await this.prisma.organization.findUnique({ where: { id: audience.ref }, select: { name: true } });
    return org && !text.startsWith(`[${org.name}] `) ? `[${org.name}] ${text}` : text;
  }

  /** A network bulletin goes out from the sender's organisation (whose own people it skips). */
  private async withSender(d: BroadcastDraft, contactId: number | undefined): Promise<import('./broadcasts.js').Audience> {
    if (d.audience.kind !== 'NETWORK') return d.audience;
    return {
      kind: 'NETWORK',
      ref: d.audience.ref ?? (contactId === undefined ? undefined : await senderOrganization(this.prisma, contactId)),
      filter: d.audience.filter,
    };
  }

  async mine(contactId: number) {
    return this.prisma.broadcast.findMany({
      where: { createdById: contactId, status: { in: ['SCHEDULED', 'RUNNING', 'PENDING_APPROVAL'] } },
      select: { id: true, text: true, status: true, nextRunAt: true },
      orderBy: { id: 'asc' },
    });
  }

  async audiences(contactId: number) {
    const c = await this.prisma.contact.findUnique({ where: { id: contactId }, select: { role: true } });
    const orgIds = (
      await this.prisma.organizationMember.findMany({ where: { contactId, role: 'COORDINATOR' }, select: { organizationId: true } })
    ).map((m) => m.organizationId);
    const orgs = await this.prisma.organization.findMany({
      where: { id: { in: orgIds } },
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    });
    const events = await this.prisma.event.findMany({
      where: { organizationId: { in: orgIds }, status: 'SCHEDULED', startsAt: { gt: new Date() } },
      select: { id: true, title: true },
      orderBy: { startsAt: 'asc' },
      take: 5,
    });
    const out: Array<{ audience: BroadcastDraft['audience']; name: string }> = [
      ...orgs.map((o) => ({ audience: { kind: 'ORGANIZATION' as const, ref: o.id }, name: o.name })),
      ...events.map((e) => ({ audience: { kind: 'EVENT' as const, ref: e.id }, name: e.title })),
    ];
    if (c?.role === 'ADMIN') {
      for (const cat of await this.categories.list())
        if (cat.slug !== 'inne') out.push({ audience: { kind: 'TOPIC', ref: cat.id }, name: cat.namePl });
      out.push({ audience: { kind: 'EVERYONE' }, name: '' });
    }
    return out;
  }

  async editable(actor: Actor, id: number): Promise<BroadcastDraft | undefined> {
    if (!actor.verifiedChannel) return undefined;
    const b = await this.prisma.broadcast.findUnique({ where: { id } });
    if (!b || b.createdById !== actor.contactId || b.status !== 'SCHEDULED' || b.lastRunAt !== null || !b.nextRunAt) return undefined;
    // What a second administrator approved is what goes out: an approved broadcast is cancelled and sent again,
    // never edited (a new text or a daily repeat would otherwise skip the approval).
    if ((await this.prisma.approval.count({ where: { kind: 'broadcast', subjectId: id } })) > 0) return undefined;
    return {
      audience: audienceOf(b),
      policy: b.channelPolicy,
      urgent: b.urgent,
      firstRun: b.nextRunAt.toISOString(),
      repeat: b.recurrence === 'NONE' ? undefined : { recurrence: b.recurrence, days: b.recurrenceDays, time: b.recurrenceTime ?? '09:00' },
      text: b.text,
    };
  }

  async update(actor: Actor, id: number, d: BroadcastDraft) {
    // The creator, still allowed to send to the stored audience (a coordinator who lost the role cannot edit).
    const current = await this.editable(actor, id);
    if (!current || !(await this.authorize(actor, current))) return false;
    // An edit that makes the broadcast need approval (a longer text or a repeat past the cost limit) is refused:
    // cancel it and send it again, and it waits for an administrator like any wide send.
    const edited = { ...current, text: d.text, firstRun: d.firstRun, repeat: d.repeat };
    if (this.approvals && this.approvals.reasonsForSend(current.audience.kind, await this.preview(edited, actor)).length > 0) return false;
    const contactId = actor.contactId;
    // Only while it has not started: the status and lastRunAt conditions make this safe against a tick in between.
    const r = await this.prisma.broadcast.updateMany({
      where: { id, createdById: contactId, status: 'SCHEDULED', lastRunAt: null },
      data: {
        text: d.text,
        nextRunAt: new Date(d.firstRun),
        recurrence: d.repeat?.recurrence ?? 'NONE',
        recurrenceDays: d.repeat?.days ?? [],
        recurrenceTime: d.repeat?.time ?? null,
      },
    });
    if (r.count === 1)
      await this.prisma.auditLog.create({
        data: { actor: `contact:${contactId}`, action: 'broadcast.edited', subject: `broadcast:${id}` },
      });
    return r.count === 1;
  }

  async cancel(actor: Actor, id: number) {
    if (!actor.verifiedChannel) return false;
    const b = await this.prisma.broadcast.findUnique({ where: { id } });
    // Its creator, or an administrator (who may stop anything that is going wrong).
    if (!b) return false;
    if (b.createdById !== actor.contactId) {
      const c = await this.prisma.contact.findUnique({ where: { id: actor.contactId }, select: { role: true } });
      if (c?.role !== 'ADMIN') return false;
    }
    return this.service.cancel(id);
  }
}
