/** Coordinators' operations on events, with the authorisation checks and an audit trail. */
import type { PrismaClient } from '../../prisma/database.js';
import type { Attendee, CoordinatorPort, EventChange } from '../../dialogs/events/coordinator-ports.js';
import { NotAllowedError, type Actor } from '../../dialogs/ports.js';
import { EventRepository, promoteFromWaitlist } from './events.js';

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
    if (await this.isAdmin(contactId)) return this.prisma.organization.findMany({ where: { active: true }, select: { id: true, name: true }, orderBy: { name: 'asc' }, take: 20 });
    const m = await this.prisma.organizationMember.findMany({ where: { contactId, role: 'COORDINATOR' }, include: { organization: { select: { id: true, name: true } } } });
    return m.map((x) => x.organization);
  }

  async canManage(contactId: number, eventId: number) {
    const e = await this.prisma.event.findUnique({ where: { id: eventId }, select: { organizationId: true } });
    if (!e) return false;
    if (await this.isAdmin(contactId)) return true;
    return (await this.prisma.organizationMember.count({ where: { contactId, organizationId: e.organizationId, role: 'COORDINATOR' } })) > 0;
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

  private async audience(eventId: number) {
    return (await this.prisma.signup.findMany({ where: { eventId, status: { in: ['CONFIRMED', 'WAITLISTED'] } }, select: { contactId: true } })).map((s) => s.contactId);
  }

  async update(actor: Actor, eventId: number, change: EventChange) {
    await this.mustManage(actor, eventId);
    const by = actor.contactId;
    const promoted: number[] = [];
    await this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT "id" FROM "Event" WHERE "id" = ${eventId} FOR UPDATE`;
      await tx.event.update({ where: { id: eventId }, data: change });
      if (change.capacity !== undefined) {
        const confirmed = await tx.signup.count({ where: { eventId, status: 'CONFIRMED' } });
        promoted.push(...(await promoteFromWaitlist(tx, eventId, change.capacity === null ? Infinity : change.capacity - confirmed)));
      }
    });
    await this.prisma.auditLog.create({ data: { actor: `contact:${by}`, action: 'event.changed', subject: `event:${eventId}`, details: { fields: Object.keys(change) } } });
    const notify = (await this.audience(eventId)).filter((c) => !promoted.includes(c));
    return { event: (await this.events.get(eventId))!, notify, promoted };
  }

  async cancel(actor: Actor, eventId: number) {
    await this.mustManage(actor, eventId);
    const by = actor.contactId;
    const notify = await this.audience(eventId);
    await this.prisma.event.update({ where: { id: eventId }, data: { status: 'CANCELLED' } });
    await this.prisma.auditLog.create({ data: { actor: `contact:${by}`, action: 'event.cancelled', subject: `event:${eventId}` } });
    return { event: (await this.events.get(eventId))!, notify };
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
      return { name: r.contact.displayName ?? '', channel: id?.channel ?? '', address: id?.address ?? '', status: r.status as 'CONFIRMED' | 'WAITLISTED', signedUpAt: r.createdAt };
    });
  }
}
