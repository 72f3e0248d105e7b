/**
 * Event notices as an outbox (reminders, promotion from the waitlist, changes, cancellation):
 *  - a notice row is written with the change that causes it (in the same transaction: queueNotices), unique per
 *    event, person and kind, so a retried turn or a second process never queues it twice;
 *  - it is sent right after the change by the turn that made it (deliver), and whatever could not go then is
 *    retried by the scheduler tick (tick) with backoff, up to DELIVERY_MAX_ATTEMPTS;
 *  - a row is claimed (SENDING, with the time) before the send and marked SENT only after it: a process that dies
 *    in between leaves a claim that goes back to the queue after the lease (at-least-once, like deliveries);
 *  - before sending, the notice is checked against the current state (the person still signed up and not stopped,
 *    the event still scheduled or cancelled as the notice says); what no longer applies is SKIPPED. The text is
 *    rendered from the event as it is now.
 */
import type { PrismaClient } from '../../prisma/database.js';
import type { ContactNotifier } from '../../dialogs/events/ports.js';
import type { NoticeBatch, NoticePort } from '../../dialogs/events/ports.js';
import { eventLine, promotedText, reminderText } from '../../dialogs/events/events-dialog.js';
import { t } from '../../dialogs/i18n/index.js';
import type { Locale } from '../../dialogs/i18n/index.js';
import { EventRepository, type Tx } from '../repositories/events.js';
import type { Logger } from '../logger.js';

/** A claim older than this is taken to belong to a process that died mid-send. */
export const NOTICE_LEASE_MS = 60_000;

/**
 * Queues notices inside the caller's transaction. `again`: a notice that may rightly happen more than once for the
 * same person and event (a promotion after leaving and rejoining the waitlist) is queued again even if sent before.
 */
export async function queueNotices(
  tx: Tx | PrismaClient,
  eventId: number,
  contactIds: number[],
  kind: string,
  o: { again?: boolean } = {},
): Promise<void> {
  if (!contactIds.length) return;
  if (!o.again) {
    await tx.eventNotice.createMany({ data: contactIds.map((contactId) => ({ eventId, contactId, kind })), skipDuplicates: true });
    return;
  }
  for (const contactId of contactIds) {
    await tx.eventNotice.upsert({
      where: { eventId_contactId_kind: { eventId, contactId, kind } },
      create: { eventId, contactId, kind },
      update: { status: 'PENDING', attempts: 0, nextAttemptAt: new Date(), claimedAt: null, sentAt: null },
    });
  }
}

interface Claimed {
  id: number;
  eventId: number;
  contactId: number;
  kind: string;
  attempts: number;
}

export class EventNotices implements NoticePort {
  private readonly events: EventRepository;
  constructor(
    private readonly prisma: PrismaClient,
    private readonly notifier: ContactNotifier,
    private readonly o: { clock?: () => Date; maxAttempts?: number; logger?: Pick<Logger, 'warn'> } = {},
  ) {
    this.events = new EventRepository(prisma);
  }

  private now() {
    return this.o.clock?.() ?? new Date();
  }

  /**
   * Sends the notices a change just queued (also fresh ones not yet due by the clock) and returns how many of those
   * people have been told, counting those told by an earlier attempt of the same turn (a provider's retry).
   */
  async deliver(batches: NoticeBatch[]): Promise<number> {
    let told = 0;
    for (const b of batches) {
      if (!b.contactIds.length) continue;
      await this.run({ eventId: b.eventId, kind: b.kind, contactIds: b.contactIds }, this.now());
      told += await this.prisma.eventNotice.count({
        where: { eventId: b.eventId, kind: b.kind, contactId: { in: b.contactIds }, status: 'SENT' },
      });
    }
    return told;
  }

  /** Sends every due notice (retries, claims of dead processes); returns how many went out. */
  async tick(now = this.now()): Promise<number> {
    return this.run(undefined, now);
  }

  /** Sends the due notices of one event and kind now (reminders); returns how many went out. */
  async sendDue(eventId: number, kind: string, now = this.now()): Promise<number> {
    return this.run({ eventId, kind }, now);
  }

  private async run(only: { eventId: number; kind: string; contactIds?: number[] } | undefined, now: Date): Promise<number> {
    let sent = 0;
    for (;;) {
      // UPDATE … RETURNING gives no order: send in queue order.
      const batch = (await this.claim(only, now)).sort((a, b) => a.id - b.id);
      if (!batch.length) return sent;
      for (const n of batch) if (await this.send(n, now)) sent++;
    }
  }

  private async claim(only: { eventId: number; kind: string; contactIds?: number[] } | undefined, now: Date): Promise<Claimed[]> {
    const stale = new Date(now.getTime() - NOTICE_LEASE_MS);
    const eventId = only?.eventId ?? null;
    const kind = only?.kind ?? null;
    const contacts = only?.contactIds ?? null;
    // A notice just queued by the caller's turn is sent at once (attempts = 0), whatever the clock says.
    return this.prisma.$queryRaw<Claimed[]>`
      UPDATE "EventNotice" SET "status" = 'SENDING', "claimedAt" = ${now}, "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "EventNotice"
        WHERE (("status" = 'PENDING' AND ("nextAttemptAt" <= ${now} OR (${eventId}::int IS NOT NULL AND "attempts" = 0)))
               OR ("status" = 'SENDING' AND "claimedAt" < ${stale}))
          AND (${eventId}::int IS NULL OR "eventId" = ${eventId}::int)
          AND (${kind}::text IS NULL OR "kind" = ${kind}::text)
          AND (${contacts}::int[] IS NULL OR "contactId" = ANY(${contacts}::int[]))
        ORDER BY "id" LIMIT 100
        FOR UPDATE SKIP LOCKED
      )
      RETURNING "id", "eventId", "contactId", "kind", "attempts"`;
  }

  /** Whether the notice still applies, and its text. */
  private async render(n: Claimed, now: Date): Promise<((l: Locale) => string) | undefined> {
    const contact = await this.prisma.contact.findUnique({ where: { id: n.contactId }, select: { status: true } });
    if (contact?.status !== 'ACTIVE') return undefined;
    const e = await this.events.get(n.eventId);
    if (!e) return undefined;
    const signup = await this.prisma.signup.findUnique({
      where: { eventId_contactId: { eventId: n.eventId, contactId: n.contactId } },
      select: { status: true },
    });
    const kind = n.kind.split(':')[0];
    if (kind === 'cancelled')
      return e.status === 'CANCELLED' ? (l) => t(l, 'events.event_cancelled', { title: e.title, when: eventLine(e, l).when }) : undefined;
    if (e.status !== 'SCHEDULED') return undefined;
    if (kind === 'reminder') return signup?.status === 'CONFIRMED' && e.startsAt > now ? (l) => reminderText(e, l) : undefined;
    if (kind === 'promoted') return signup?.status === 'CONFIRMED' ? (l) => promotedText(e, l) : undefined;
    if (kind === 'changed')
      return signup?.status === 'CONFIRMED' || signup?.status === 'WAITLISTED'
        ? (l) => t(l, 'events.event_changed', { title: e.title, when: eventLine(e, l).when, place: eventLine(e, l).place })
        : undefined;
    return undefined;
  }

  private async send(n: Claimed, now: Date): Promise<boolean> {
    const text = await this.render(n, now);
    if (!text) {
      await this.prisma.eventNotice.update({ where: { id: n.id }, data: { status: 'SKIPPED', claimedAt: null } });
      return false;
    }
    let ok = false;
    try {
      ok = await this.notifier.notify(n.contactId, (l) => [{ kind: 'text', text: text(l) }]);
    } catch (err) {
      this.o.logger?.warn({ err, notice: n.id }, 'event notice not sent');
    }
    if (ok) {
      await this.prisma.eventNotice.update({ where: { id: n.id }, data: { status: 'SENT', sentAt: this.now(), claimedAt: null } });
      return true;
    }
    const giveUp = n.attempts >= (this.o.maxAttempts ?? 5);
    const backoffMs = Math.min(300_000, 30_000 * 2 ** (n.attempts - 1));
    await this.prisma.eventNotice.update({
      where: { id: n.id },
      data: giveUp
        ? { status: 'FAILED', claimedAt: null }
        : { status: 'PENDING', claimedAt: null, nextAttemptAt: new Date(now.getTime() + backoffMs) },
    });
    return false;
  }
}
