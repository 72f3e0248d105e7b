/**
 * Events and sign-ups. Capacity is enforced under a row lock on the event (SELECT … FOR UPDATE inside a
 * transaction), so simultaneous sign-ups for the last seats give exactly `capacity` confirmations on PostgreSQL
 * and on PGlite. The waitlist is ordered by when each person joined it.
 */
import type { PrismaClient } from '../../prisma/database.js';
import type { CancelOutcome, EventPort, EventSummary, SignupOutcome } from '../../dialogs/events/ports.js';
import { queueNotices } from '../events/notices.js';

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Confirms up to `seats` people from the waitlist, first come first served (inside the caller's transaction,
 * with the event row locked); returns their contact ids. Used by a cancellation and by a coordinator adding seats.
 */
export async function promoteFromWaitlist(tx: Tx, eventId: number, seats: number): Promise<number[]> {
  if (seats <= 0) return [];
  const waiting = await tx.signup.findMany({
    where: { eventId, status: 'WAITLISTED' },
    orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
    take: Number.isFinite(seats) ? seats : undefined,
  });
  for (const w of waiting) await tx.signup.update({ where: { id: w.id }, data: { status: 'CONFIRMED' } });
  return waiting.map((w) => w.contactId);
}

export class EventRepository implements EventPort {
  constructor(private readonly prisma: PrismaClient) {}

  private async summary(db: Tx | PrismaClient, id: number): Promise<EventSummary | undefined> {
    const e = await db.event.findUnique({ where: { id }, include: { organization: { select: { id: true, name: true } } } });
    if (!e) return undefined;
    const confirmed = await db.signup.count({ where: { eventId: id, status: 'CONFIRMED' } });
    return {
      id: e.id,
      title: e.title,
      startsAt: e.startsAt,
      place: e.place,
      organization: e.organization,
      capacity: e.capacity,
      confirmed,
      status: e.status,
      isDemo: e.isDemo,
    };
  }

  get(id: number) {
    return this.summary(this.prisma, id);
  }

  async upcoming(q: {
    limit: number;
    offset?: number;
    categorySlug?: string;
    organizationId?: number;
    now: Date;
  }): Promise<EventSummary[]> {
    const rows = await this.prisma.event.findMany({
      where: {
        status: 'SCHEDULED',
        startsAt: { gt: q.now },
        ...(q.organizationId ? { organizationId: q.organizationId } : {}),
        ...(q.categorySlug
          ? {
              OR: [
                { category: { slug: q.categorySlug } },
                { organization: { categories: { some: { category: { slug: q.categorySlug } } } } },
              ],
            }
          : {}),
      },
      include: { organization: { select: { id: true, name: true } }, _count: { select: { signups: { where: { status: 'CONFIRMED' } } } } },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      skip: q.offset ?? 0,
      take: q.limit,
    });
    return rows.map((e) => ({
      id: e.id,
      title: e.title,
      startsAt: e.startsAt,
      place: e.place,
      organization: e.organization,
      capacity: e.capacity,
      confirmed: e._count.signups,
      status: e.status,
      isDemo: e.isDemo,
    }));
  }

  private async lockEvent(tx: Tx, id: number): Promise<boolean> {
    const rows = await tx.$queryRaw<Array<{ id: number }>>`SELECT "id" FROM "Event" WHERE "id" = ${id} FOR UPDATE`;
    return rows.length === 1;
  }

  private async waitlistPosition(tx: Tx, eventId: number, signupId: number, since: Date): Promise<number> {
    return (
      (await tx.signup.count({
        where: { eventId, status: 'WAITLISTED', OR: [{ updatedAt: { lt: since } }, { updatedAt: since, id: { lt: signupId } }] },
      })) + 1
    );
  }

  async signUp(eventId: number, contactId: number, now: Date): Promise<SignupOutcome> {
    return this.prisma.$transaction(
      async (tx) => {
        if (!(await this.lockEvent(tx, eventId))) return { kind: 'not_found' } as const;
        const event = (await this.summary(tx, eventId))!;
        if (event.status !== 'SCHEDULED') return { kind: 'closed', event } as const;
        const existing = await tx.signup.findUnique({ where: { eventId_contactId: { eventId, contactId } } });
        if (existing?.status === 'CONFIRMED') return { kind: 'confirmed', event, already: true } as const;
        if (existing?.status === 'WAITLISTED')
          return {
            kind: 'waitlisted',
            event,
            already: true,
            position: await this.waitlistPosition(tx, eventId, existing.id, existing.updatedAt),
          } as const;
        if (event.status !== 'SCHEDULED' || event.startsAt <= now) return { kind: 'closed', event } as const;
        const status = event.capacity === null || event.confirmed < event.capacity ? 'CONFIRMED' : 'WAITLISTED';
        const s = existing
          ? await tx.signup.update({ where: { id: existing.id }, data: { status } })
          : await tx.signup.create({ data: { eventId, contactId, status } });
        if (status === 'CONFIRMED')
          return { kind: 'confirmed', event: { ...event, confirmed: event.confirmed + 1 }, already: false } as const;
        return {
          kind: 'waitlisted',
          event,
          already: false,
          position: await this.waitlistPosition(tx, eventId, s.id, s.updatedAt),
        } as const;
      },
      { timeout: 20_000, maxWait: 20_000 },
    );
  }

  async cancel(eventId: number, contactId: number): Promise<CancelOutcome> {
    return this.prisma.$transaction(
      async (tx) => {
        if (!(await this.lockEvent(tx, eventId))) return { kind: 'not_found' } as const;
        const existing = await tx.signup.findUnique({ where: { eventId_contactId: { eventId, contactId } } });
        if (!existing || existing.status === 'CANCELLED') return { kind: 'not_signed_up' } as const;
        await tx.signup.update({ where: { id: existing.id }, data: { status: 'CANCELLED' } });
        let promotedContactId: number | undefined;
        const event = (await this.summary(tx, eventId))!;
        if (
          existing.status === 'CONFIRMED' &&
          event.status === 'SCHEDULED' &&
          (event.capacity === null || event.confirmed < event.capacity)
        ) {
          [promotedContactId] = await promoteFromWaitlist(tx, eventId, 1);
          // Told through the notice outbox, queued with the promotion: not lost if the send fails.
          if (promotedContactId !== undefined) await queueNotices(tx, eventId, [promotedContactId], 'promoted', { again: true });
        }
        return { kind: 'cancelled', event: (await this.summary(tx, eventId))!, promotedContactId } as const;
      },
      { timeout: 20_000, maxWait: 20_000 },
    );
  }

  async mine(contactId: number, now: Date) {
    const rows = await this.prisma.signup.findMany({
      where: { contactId, status: { in: ['CONFIRMED', 'WAITLISTED'] }, event: { startsAt: { gt: now } } },
      include: { event: true },
      orderBy: { event: { startsAt: 'asc' } },
    });
    const out = [];
    for (const r of rows)
      out.push({ event: (await this.summary(this.prisma, r.eventId))!, status: r.status as 'CONFIRMED' | 'WAITLISTED' });
    return out;
  }
}
