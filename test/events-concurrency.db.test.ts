import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { EventRepository } from '../bot/repositories/events.js';
import type { Database } from '../prisma/database.js';

describe(`sign-ups under load on ${testDbKind}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  it('50 simultaneous sign-ups for the last 10 seats: exactly 10 confirmed, 40 waitlisted in order', async () => {
    const prisma = db.prisma;
    const org = await prisma.organization.create({ data: { dedupeKey: 'c:1', name: 'Org' } });
    const event = await prisma.event.create({
      data: { organizationId: org.id, title: 'Warsztaty', startsAt: new Date('2027-01-01T10:00:00Z'), capacity: 30 },
    });
    // 20 seats already taken.
    for (let i = 0; i < 20; i++) {
      const c = await prisma.contact.create({ data: {} });
      await prisma.signup.create({ data: { eventId: event.id, contactId: c.id, status: 'CONFIRMED' } });
    }
    const people = await Promise.all(Array.from({ length: 50 }, () => prisma.contact.create({ data: {} })));
    const repo = new EventRepository(prisma);
    const now = new Date('2026-12-01T10:00:00Z');
    const outcomes = await Promise.all(people.map((p) => repo.signUp(event.id, p.id, now)));
    expect(outcomes.filter((o) => o.kind === 'confirmed')).toHaveLength(10);
    const waiting = outcomes.filter((o) => o.kind === 'waitlisted');
    expect(waiting).toHaveLength(40);
    expect(waiting.map((w) => (w.kind === 'waitlisted' ? w.position : 0)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect(await prisma.signup.count({ where: { eventId: event.id, status: 'CONFIRMED' } })).toBe(30);
    expect(await prisma.signup.count({ where: { eventId: event.id, status: 'WAITLISTED' } })).toBe(40);

    // Signing up twice is one sign-up.
    const again = await repo.signUp(event.id, people[0]!.id, now);
    expect(again).toMatchObject({ already: true });
    expect(await prisma.signup.count({ where: { eventId: event.id, contactId: people[0]!.id } })).toBe(1);

    // A confirmed person cancels: the first on the waitlist is promoted.
    const confirmedPerson = outcomes.findIndex((o) => o.kind === 'confirmed');
    const firstWaiting = outcomes.findIndex((o) => o.kind === 'waitlisted' && o.position === 1);
    const cancel = await repo.cancel(event.id, people[confirmedPerson]!.id);
    expect(cancel).toMatchObject({ kind: 'cancelled', promotedContactId: people[firstWaiting]!.id });
    expect(await prisma.signup.count({ where: { eventId: event.id, status: 'CONFIRMED' } })).toBe(30);
    const secondWaiting = outcomes.findIndex((o) => o.kind === 'waitlisted' && o.position === 2);
    expect(await repo.signUp(event.id, people[secondWaiting]!.id, now)).toMatchObject({ kind: 'waitlisted', position: 1, already: true });
  });
});
