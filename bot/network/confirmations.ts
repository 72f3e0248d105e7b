/**
 * "Is your entry still current?" (issue 17). An organisation's entry counts as confirmed for a year after its
 * coordinator last confirmed it (PROFIL TAK, "TAK, aktualne", the reminder's button) or changed it by chat (PROFIL
 * …, which also stamps Organization.confirmedAt). The city's report (bot/network/report.ts) and the yearly reminder
 * read this one definition.
 *
 * The reminder: an active, real organisation whose entry was last confirmed (or, never confirmed, created) more than
 * a year ago gets one message to each of its coordinators on Telegram, with the entry, a map link and a button; the
 * reply records the confirmation (dialogs/network/profile-dialog.ts). One reminder per organisation per period (the
 * period is the time of the last confirmation): a NetworkNotice row written before the messages, so a restart
 * does not send it again, and a confirmation starts the next period. The clock is injected; the jobs call tick().
 */
import type { PrismaClient } from '../../prisma/database.js';
import type { ContactNotifier } from '../../dialogs/events/ports.js';
import type { LinkBuilder } from '../../dialogs/nearest/ports.js';
import { confirmButton, PROFILE_FIELDS } from '../../dialogs/network/ports.js';
import { fieldLabel } from '../../dialogs/network/profile-dialog.js';
import { t, type Locale } from '../../dialogs/i18n/index.js';
import { warsawParts } from '../../dialogs/events/when.js';
import { profileEntry } from './profiles.js';

/** How long a confirmation holds. */
export const CONFIRMATION_VALID_MS = 365 * 24 * 3_600_000;

export const CONFIRM_REMINDER = 'confirm-reminder';

/** The one rule: confirmed at `at` when the last confirmation up to `at` is less than a year old. */
export function confirmationValid(lastConfirmed: Date | null | undefined, at: Date): boolean {
  return !!lastConfirmed && lastConfirmed.getTime() <= at.getTime() && lastConfirmed.getTime() > at.getTime() - CONFIRMATION_VALID_MS;
}

/** The period a reminder belongs to: since the last confirmation, or since the entry was created. */
export function reminderPeriod(o: { confirmedAt: Date | null; createdAt: Date }): string {
  return (o.confirmedAt ?? o.createdAt).toISOString();
}

/**
 * The last confirmation of each organisation up to `at`: Organization.confirmedAt when it is not later than `at`,
 * else the latest confirmation or chat change in the audit history before `at` (a report for a past period).
 */
export async function lastConfirmations(prisma: PrismaClient, at: Date): Promise<Map<number, Date>> {
  const out = new Map<number, Date>();
  const later: number[] = [];
  for (const o of await prisma.organization.findMany({ where: { confirmedAt: { not: null } }, select: { id: true, confirmedAt: true } })) {
    if (o.confirmedAt! <= at) out.set(o.id, o.confirmedAt!);
    else later.push(o.id);
  }
  if (later.length) {
    const rows = await prisma.auditLog.findMany({
      where: {
        action: { in: ['organization.confirmed', 'organization.profile'] },
        subject: { in: later.map((id) => `organization:${id}`) },
        at: { lte: at },
      },
      select: { subject: true, at: true },
    });
    for (const r of rows) {
      const id = Number(r.subject!.slice('organization:'.length));
      if (!out.has(id) || out.get(id)! < r.at) out.set(id, r.at);
    }
  }
  return out;
}

/** Messages we start to people's phones go between 08:00 and 20:00 Warsaw time (the digest too). */
export function daytime(now: Date): boolean {
  const h = warsawParts(now).hour;
  return h >= 8 && h < 20;
}

const day = (d: Date) => {
  const p = warsawParts(d);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
};

export class ConfirmationReminders {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly notifier: ContactNotifier,
    private readonly o: { clock: () => Date; links?: LinkBuilder; logger?: { warn(obj: object, msg: string): void } },
  ) {}

  /** Sends the reminders that are due (in the daytime, Warsaw); returns the organisations reminded by this call. */
  async tick(now = this.o.clock()): Promise<number[]> {
    if (!daytime(now)) return [];
    const cutoff = new Date(now.getTime() - CONFIRMATION_VALID_MS);
    const due = await this.prisma.organization.findMany({
      where: {
        active: true,
        isDemo: false,
        OR: [{ confirmedAt: { lte: cutoff } }, { confirmedAt: null, createdAt: { lte: cutoff } }],
        // Only coordinators on Telegram can confirm (a confirmation by SMS could be forged): nobody, no reminder yet.
        members: { some: { role: 'COORDINATOR', contact: { status: 'ACTIVE', identities: { some: { channel: 'TELEGRAM' } } } } },
      },
      select: {
        id: true,
        name: true,
        confirmedAt: true,
        createdAt: true,
        members: {
          where: { role: 'COORDINATOR', contact: { status: 'ACTIVE', identities: { some: { channel: 'TELEGRAM' } } } },
          select: { contactId: true },
          orderBy: { contactId: 'asc' },
        },
      },
      orderBy: { id: 'asc' },
    });
    const reminded: number[] = [];
    for (const org of due) {
      const ins = await this.prisma.networkNotice.createMany({
        data: [{ kind: CONFIRM_REMINDER, subject: `organization:${org.id}`, period: reminderPeriod(org), sentAt: now }],
        skipDuplicates: true,
      });
      if (ins.count !== 1) continue;
      await this.prisma.auditLog.create({
        data: {
          at: now,
          actor: 'system',
          action: 'organization.confirm_reminder',
          subject: `organization:${org.id}`,
          details: { coordinators: org.members.length, lastConfirmed: org.confirmedAt?.toISOString() ?? null },
        },
      });
      const entry = await profileEntry(this.prisma, org.id);
      const map = this.o.links?.map({ org: org.id });
      const text = (l: Locale) =>
        [
          t(l, 'prof.reminder', {
            org: org.name,
            last: org.confirmedAt ? t(l, 'prof.reminder_last', { date: day(org.confirmedAt) }) : t(l, 'prof.reminder_never'),
          }),
          PROFILE_FIELDS.filter((f) => entry[f])
            .map((f) => `${fieldLabel(f, l)}: ${entry[f]}`)
            .join('\n'),
          ...(map ? [t(l, 'prof.reminder_map', { map })] : []),
          t(l, 'prof.reminder_how', { id: org.id }),
        ].join('\n\n');
      for (const m of org.members) {
        const ok = await this.notifier.notify(m.contactId, (l) => [
          { kind: 'choices', text: text(l), choices: [{ value: confirmButton(org.id), label: t(l, 'prof.confirm_button') }] },
        ]);
        if (!ok) this.o.logger?.warn({ organizationId: org.id, contactId: m.contactId }, 'confirmation reminder not delivered');
      }
      reminded.push(org.id);
    }
    return reminded;
  }
}
