/** Coordinators' operations on events, with the authorisation checks and an audit trail. */
import type { PrismaClient } from '../../prisma/database.js';
import type { Attendee, CoordinatorPort, EventChange } from '../../dialogs/events/coordinator-ports.js';
import { NotAllowedError, type Actor } from '../../dialogs/ports.js';
import { EventRepository, promoteFromWaitlist, type Tx } from './events.js';
import { queueNotices } from '../events/notices.js';
import { randomUUID } from 'node:crypto';

export { NotAllowedError };

export class CoordinationRepository implements CoordinatorPort {
  private readonly events: EventRepository;
  constructor(private readonly prisma: PrismaClient) {
    this.events = new EventRepository(prisma);
  }

  private async isAdmin(contactId: number) {
    return (await this.prisma.contact.findUnique({ where: { id: contactId }, select: { role: true } }))?.role === 'ADMIN';
  }

  async organizationsOf(contactId: number) {
    if (await this.isAdmin(contactId))
      return this.prisma.organization.findMany({
        where: { active: true },
        select: { id: true, name: true },
        orderBy: { name: 'asc' },
        take: 20,
      });
    const m = await this.prisma.organizationMember.findMany({
      where: { contactId, role: 'COORDINATOR' },
      include: { organization: { select: { id: true, name: true } } },
    });
    return m.map((x) => x.organization);
  }

  async canManage(contactId: number, eventId: number) {
    const e = await this.prisma.event.findUnique({ where: { id: eventId }, select: { organizationId: true } });
    if (!e) return false;
    if (await this.isAdmin(contactId)) return true;
    return (
      (await this.prisma.organizationMember.count({ where: { contactId, organizationId: e.organizationId, role: 'COORDINATOR' } })) > 0
    );
  }

  /** Every write and the attendee list: a verified channel and the right to manage this event, checked here. */
  private async mustManage(by: Actor, eventId: number) {
    if (!by.verifiedChannel) throw new NotAllowedError('coordinator actions need a verified channel');
    if (!(await this.canManage(by.contactId, eventId))) throw new NotAllowedError();
  }

  async create(actor: Actor, e: { organizationId: number; title: string; startsAt: Date; place: string; capacity: number | null }) {
    if (!actor.verifiedChannel) throw new NotAllowedError('coordinator actions need a verified channel');
    const by = actor.contactId;
    if (!(await this.organizationsOf(by)).some((o) => o.id === e.organizationId)) throw new NotAllowedError();
    // Idempotent per inbound message: a retried turn gets the event its first attempt created.
    const earlier = actor.message ? await this.prisma.event.findUnique({ where: { sourceMessage: actor.message } }) : null;
    if (earlier) return (await this.events.get(earlier.id))!;
    const created = await this.prisma.event.create({ data: { ...e, sourceMessage: actor.message } });
    await this.prisma.auditLog.create({ data: { actor: `contact:${by}`, action: 'event.created', subject: `event:${created.id}` } });
    return (await this.events.get(created.id))!;
  }

  private async audience(eventId: number, db: Tx | PrismaClient = this.prisma) {
    return (await db.signup.findMany({ where: { eventId, status: { in: ['CONFIRMED', 'WAITLISTED'] } }, select: { contactId: true } })).map(
      (s) => s.contactId,
    );
  }

  async update(actor: Actor, eventId: number, change: EventChange) {
    await this.mustManage(actor, eventId);
    const by = actor.contactId;
    const promoted: number[] = [];
    const notify: number[] = [];
    // One change, one kind: the provider's retry of this turn queues nothing new and tells nobody twice.
    const changed = `changed:${actor.message ?? randomUUID()}`;
    await this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT "id" FROM "Event" WHERE "id" = ${eventId} FOR UPDATE`;
      await tx.event.update({ where: { id: eventId }, data: change });
      if (change.capacity !== undefined) {
        const confirmed = await tx.signup.count({ where: { eventId, status: 'CONFIRMED' } });
        promoted.push(...(await promoteFromWaitlist(tx, eventId, change.capacity === null ? Infinity : change.capacity - confirmed)));
      }
      notify.push(...(await this.audience(eventId, tx)).filter((c) => !promoted.includes(c)));
      await queueNotices(tx, eventId, notify, changed);
      await queueNotices(tx, eventId, promoted, 'promoted', { again: true });
    });
    await this.prisma.auditLog.create({
      data: { actor: `contact:${by}`, action: 'event.changed', subject: `event:${eventId}`, details: { fields: Object.keys(change) } },
    });
    const notices = [
      { eventId, kind: changed, contactIds: notify },
      { eventId, kind: 'promoted', contactIds: promoted },
    ];
    return { event: (await this.events.get(eventId))!, notify, promoted, notices };
  }

  async cancel(actor: Actor, eventId: number) {
    await this.mustManage(actor, eventId);
    const by = actor.contactId;
    // Under the event's row lock (as sign-ups take it): a sign-up at the same moment either lands before and is
    // told, or comes after and finds the event closed. Notices are queued in the same transaction.
    const { notify, already } = await this.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<
        Array<{ status: string }>
      >`SELECT "status"::text AS "status" FROM "Event" WHERE "id" = ${eventId} FOR UPDATE`;
      const already = row?.status === 'CANCELLED';
      if (!already) await tx.event.update({ where: { id: eventId }, data: { status: 'CANCELLED' } });
      const notify = await this.audience(eventId, tx);
      await queueNotices(tx, eventId, notify, 'cancelled');
      return { notify, already };
    });
    if (!already)
      await this.prisma.auditLog.create({ data: { actor: `contact:${by}`, action: 'event.cancelled', subject: `event:${eventId}` } });
    return { event: (await this.events.get(eventId))!, notify, notices: [{ eventId, kind: 'cancelled', contactIds: notify }] };
  }

  async attendees(actor: Actor, eventId: number): Promise<Attendee[]> {
    await this.mustManage(actor, eventId);
    const rows = await this.prisma.signup.findMany({
      where: { eventId, status: { in: ['CONFIRMED', 'WAITLISTED'] } },
      include: { contact: { include: { identities: true } } },
      orderBy: [{ status: 'asc' }, { updatedAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r) => {
      const id = r.contact.identities.find((i) => i.channel === 'SMS') ?? r.contact.identities[0];
      return {
        name: r.contact.displayName ?? '',
        channel: id?.channel ?? '',
        address: id?.address ?? '',
        status: r.status as 'CONFIRMED' | 'WAITLISTED',
        signedUpAt: r.createdAt,
      };
    });
  }
}
