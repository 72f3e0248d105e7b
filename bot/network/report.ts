/**
 * The city's cooperation report (issue 17): one row per organisation for a period, from data already kept. Events
 * that start in the period and their confirmed sign-ups; broadcasts and network bulletins whose runs were planned
 * in the period, with deliveries sent and delivered (runCounts, so deliveries removed by retention still count);
 * residents' questions received in the period, answered, and the median time to the first answer; whether the
 * profile was confirmed by the organisation within a year before the period's end (the rule of the yearly reminder,
 * bot/network/confirmations.ts; the last confirmation up to the period's end, from the audit history when the
 * organisation has confirmed again since).
 */
import type { PrismaClient } from '../../prisma/database.js';
import { runCounts } from '../delivery/broadcasts.js';
import { csvCell } from '../../dialogs/events/coordinator-dialog.js';
import type { Actor } from '../../dialogs/ports.js';
import type { ReportPort } from '../../dialogs/network/ports.js';
import { confirmationValid, lastConfirmations } from './confirmations.js';

export interface ReportRow {
  organizationId: number;
  name: string;
  krs: string;
  events: number;
  signups: number;
  broadcasts: number;
  broadcastMessagesSent: number;
  broadcastMessagesDelivered: number;
  bulletins: number;
  bulletinMessagesSent: number;
  bulletinMessagesDelivered: number;
  questionsReceived: number;
  questionsAnswered: number;
  /** Median minutes from a question to its first answer (empty when none was answered). */
  medianAnswerMinutes: number | null;
  profileConfirmed: boolean;
  profileConfirmedAt: string;
}

export const REPORT_COLUMNS: Array<keyof ReportRow> = [
  'organizationId',
  'name',
  'krs',
  'events',
  'signups',
  'broadcasts',
  'broadcastMessagesSent',
  'broadcastMessagesDelivered',
  'bulletins',
  'bulletinMessagesSent',
  'bulletinMessagesDelivered',
  'questionsReceived',
  'questionsAnswered',
  'medianAnswerMinutes',
  'profileConfirmed',
  'profileConfirmedAt',
];

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The report for [from, to): `to` is exclusive (the CLI passes the day after --to). */
export async function cooperationReport(prisma: PrismaClient, from: Date, to: Date): Promise<ReportRow[]> {
  const orgs = await prisma.organization.findMany({
    where: { isDemo: false },
    select: { id: true, name: true, krs: true },
    orderBy: { id: 'asc' },
  });
  // The same rule as the yearly reminder (bot/network/confirmations.ts), at the end of the period.
  const lastEnd = new Date(to.getTime() - 1);
  const confirmed = await lastConfirmations(prisma, lastEnd);
  const rows = new Map<number, ReportRow>(
    orgs.map((o) => [
      o.id,
      {
        organizationId: o.id,
        name: o.name,
        krs: o.krs ?? '',
        events: 0,
        signups: 0,
        broadcasts: 0,
        broadcastMessagesSent: 0,
        broadcastMessagesDelivered: 0,
        bulletins: 0,
        bulletinMessagesSent: 0,
        bulletinMessagesDelivered: 0,
        questionsReceived: 0,
        questionsAnswered: 0,
        medianAnswerMinutes: null,
        profileConfirmed: confirmationValid(confirmed.get(o.id), lastEnd),
        profileConfirmedAt: confirmed.get(o.id)?.toISOString().slice(0, 10) ?? '',
      },
    ]),
  );
  const events = await prisma.event.findMany({
    where: { startsAt: { gte: from, lt: to }, status: 'SCHEDULED' },
    select: { organizationId: true, _count: { select: { signups: { where: { status: 'CONFIRMED' } } } } },
  });
  for (const e of events) {
    const r = rows.get(e.organizationId);
    if (!r) continue;
    r.events++;
    r.signups += e._count.signups;
  }
  const runs = await prisma.broadcastRun.findMany({
    where: { plannedAt: { gte: from, lt: to }, broadcast: { organizationId: { not: null } } },
    select: { id: true, broadcast: { select: { organizationId: true, audience: true } } },
  });
  for (const run of runs) {
    const r = rows.get(run.broadcast.organizationId!);
    if (!r) continue;
    const c = await runCounts(prisma, run.id);
    if (run.broadcast.audience === 'NETWORK') {
      r.bulletins++;
      r.bulletinMessagesSent += c.sent;
      r.bulletinMessagesDelivered += c.delivered;
    } else {
      r.broadcasts++;
      r.broadcastMessagesSent += c.sent;
      r.broadcastMessagesDelivered += c.delivered;
    }
  }
  const threads = await prisma.questionThread.findMany({
    // Residents' questions: members' replies to network bulletins are threads too, but not counted here.
    where: { createdAt: { gte: from, lt: to }, bulletinId: null },
    select: { organizationId: true, createdAt: true, firstAnsweredAt: true },
  });
  const waits = new Map<number, number[]>();
  for (const q of threads) {
    const r = rows.get(q.organizationId);
    if (!r) continue;
    r.questionsReceived++;
    if (q.firstAnsweredAt) {
      r.questionsAnswered++;
      waits.set(q.organizationId, [...(waits.get(q.organizationId) ?? []), (q.firstAnsweredAt.getTime() - q.createdAt.getTime()) / 60_000]);
    }
  }
  for (const [id, w] of waits) rows.get(id)!.medianAnswerMinutes = Math.round(median(w)! * 10) / 10;
  return [...rows.values()];
}

export function reportCsv(rows: ReportRow[]): string {
  const lines = [REPORT_COLUMNS.join(',')];
  for (const r of rows) lines.push(REPORT_COLUMNS.map((c) => csvCell(r[c] === null ? '' : String(r[c]))).join(','));
  return `${lines.join('\n')}\n`;
}

export function reportSummary(rows: ReportRow[], from: string, to: string): string {
  const sum = (k: keyof ReportRow) => rows.reduce((n, r) => n + (Number(r[k]) || 0), 0);
  const active = rows.filter((r) => r.events || r.broadcasts || r.bulletins || r.questionsReceived).length;
  const allWaits = rows.filter((r) => r.medianAnswerMinutes !== null).map((r) => r.medianAnswerMinutes!);
  return [
    `Cooperation report ${from} to ${to}: ${rows.length} organisations, ${active} active in the period.`,
    `Events: ${sum('events')} with ${sum('signups')} sign-ups.`,
    `Broadcasts: ${sum('broadcasts')} runs, ${sum('broadcastMessagesSent')} messages sent, ${sum('broadcastMessagesDelivered')} delivered.`,
    `Network bulletins: ${sum('bulletins')} runs, ${sum('bulletinMessagesSent')} messages sent, ${sum('bulletinMessagesDelivered')} delivered.`,
    `Questions: ${sum('questionsReceived')} received, ${sum('questionsAnswered')} answered${allWaits.length ? `, median of the organisations' medians ${median(allWaits)} min` : ''}.`,
    `Profiles confirmed within a year: ${rows.filter((r) => r.profileConfirmed).length} of ${rows.length}.`,
  ].join('\n');
}

/** The report in the chat (RAPORT / REPORT / ЗВІТ): administrators on a verified channel only. */
export class ReportCommands implements ReportPort {
  constructor(private readonly prisma: PrismaClient) {}

  async report(actor: Actor, from: string, to: string) {
    if (!actor.verifiedChannel) return undefined;
    const c = await this.prisma.contact.findUnique({ where: { id: actor.contactId }, select: { role: true } });
    const start = new Date(`${from}T00:00:00Z`);
    const end = new Date(`${to}T00:00:00Z`);
    if (c?.role !== 'ADMIN' || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end < start) return undefined;
    const rows = await cooperationReport(this.prisma, start, new Date(end.getTime() + 24 * 3600_000));
    await this.prisma.auditLog.create({
      data: { actor: `contact:${actor.contactId}`, action: 'report.cooperation', subject: `${from}..${to}` },
    });
    return { filename: `report-${from}-${to}.csv`, content: reportCsv(rows), summary: reportSummary(rows, from, to) };
  }
}
