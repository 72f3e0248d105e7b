/**
 * The administrators' weekly digest of profile changes (issue 17): every change of an organisation's entry made by
 * chat in the past week (ProfileChange, the audit history of PROFIL: who, when, which fields, the new values, and
 * whether it still waits for approval or was rejected), one Telegram message to each administrator in their own
 * language. The week is Monday to Sunday, Warsaw time; the digest goes out from Monday 08:00 (or at the first daytime
 * tick after, when the server was down), once: a NetworkNotice row for the week is written before the messages, so a
 * restart does not send it again. A week without changes sends nothing. The clock is injected; the jobs call tick().
 */
import type { PrismaClient } from '../../prisma/database.js';
import type { ContactNotifier } from '../../dialogs/events/ports.js';
import { t, type Locale } from '../../dialogs/i18n/index.js';
import { fromWarsaw, warsawParts } from '../../dialogs/events/when.js';
import type { ProfileField } from '../../dialogs/network/ports.js';
import { fieldLabel } from '../../dialogs/network/profile-dialog.js';
import { daytime } from './confirmations.js';

export const PROFILE_DIGEST = 'profile-digest';
const DAY = 86_400_000;
/** Lines in one message (Telegram takes 4096 characters); the rest is counted. */
const MAX_LINES = 40;

/** The Warsaw week before the one `now` is in: its Monday 00:00, the next Monday 00:00, and its ISO key ("2026-W48"). */
export function previousWeek(now: Date): { start: Date; end: Date; key: string } {
  const p = warsawParts(now);
  const monday = new Date(Date.UTC(p.year, p.month - 1, p.day - (p.weekday - 1)));
  const prev = new Date(monday.getTime() - 7 * DAY);
  const at = (d: Date) => fromWarsaw(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0);
  // ISO week: the week's Thursday decides the year.
  const thursday = new Date(prev.getTime() + 3 * DAY);
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / (7 * DAY)) + 1;
  return { start: at(prev), end: at(monday), key: `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}` };
}

const day = (d: Date) => {
  const p = warsawParts(d);
  return `${String(p.day).padStart(2, '0')}.${String(p.month).padStart(2, '0')}.${p.year}`;
};

const shown = (v: unknown): string => {
  const s =
    v === null || v === undefined
      ? '—'
      : Array.isArray(v)
        ? v.join(', ')
        : typeof v === 'object'
          ? `${(v as { lat: number }).lat}, ${(v as { lng: number }).lng}`
          : String(v);
  return [...s].length > 60 ? `${[...s].slice(0, 59).join('')}…` : s;
};

export class ProfileDigest {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly notifier: ContactNotifier,
    private readonly o: { clock: () => Date; logger?: { warn(obj: object, msg: string): void } },
  ) {}

  /** Sends last week's digest if it is due and was not sent; returns the week and how many administrators got it. */
  async tick(now = this.o.clock()): Promise<{ week: string; admins: number } | undefined> {
    if (!daytime(now)) return undefined; // from Monday 08:00 (or the first daytime tick after), never at night
    const week = previousWeek(now);
    if (
      await this.prisma.networkNotice.findUnique({
        where: { kind_subject_period: { kind: PROFILE_DIGEST, subject: 'admins', period: week.key } },
      })
    )
      return undefined;
    const admins = await this.prisma.contact.findMany({
      where: { role: 'ADMIN', status: 'ACTIVE', identities: { some: { channel: 'TELEGRAM' } } },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    if (!admins.length) return undefined; // an administrator who joins later this week still gets it
    const changes = await this.prisma.profileChange.findMany({
      where: { createdAt: { gte: week.start, lt: week.end } },
      include: { organization: { select: { name: true } }, contact: { select: { displayName: true } } },
      orderBy: [{ organizationId: 'asc' }, { id: 'asc' }],
    });
    const ins = await this.prisma.networkNotice.createMany({
      data: [{ kind: PROFILE_DIGEST, subject: 'admins', period: week.key, sentAt: now }],
      skipDuplicates: true,
    });
    if (ins.count !== 1 || !changes.length) return undefined;
    const lastDay = new Date(week.end.getTime() - DAY / 2);
    const text = (l: Locale) => {
      const lines = changes.map((c) => {
        const after = c.after as Partial<Record<ProfileField, unknown>>;
        const fields = (Object.keys(after) as ProfileField[]).map((f) => `${fieldLabel(f, l)} → ${shown(after[f])}`).join('; ');
        const state = c.status === 'PENDING' ? t(l, 'digest.pending') : c.status === 'REJECTED' ? t(l, 'digest.rejected') : '';
        return t(l, 'digest.line', {
          org: c.organization.name,
          id: c.organizationId,
          date: day(c.createdAt),
          who: c.contactId === null ? '—' : (c.contact?.displayName ?? `#${c.contactId}`),
          fields: `${fields}${state}`,
        });
      });
      return [
        t(l, 'digest.title', {
          from: day(week.start),
          to: day(lastDay),
          changes: changes.length,
          orgs: new Set(changes.map((c) => c.organizationId)).size,
        }),
        ...lines.slice(0, MAX_LINES),
        ...(lines.length > MAX_LINES ? [t(l, 'digest.more', { n: lines.length - MAX_LINES })] : []),
      ].join('\n');
    };
    let sent = 0;
    for (const a of admins) {
      if (await this.notifier.notify(a.id, (l) => [{ kind: 'text', text: text(l) }])) sent++;
      else this.o.logger?.warn({ contactId: a.id, week: week.key }, 'profile digest not delivered');
    }
    await this.prisma.auditLog.create({
      data: { at: now, actor: 'system', action: 'profile.digest', subject: week.key, details: { changes: changes.length, admins: sent } },
    });
    return { week: week.key, admins: sent };
  }
}
