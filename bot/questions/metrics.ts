/**
 * The city's report on residents' questions: per organisation, how many were asked, the median time to the
 * first answer, and the share answered within 48 hours (of those asked at least 48 hours ago, or answered).
 */
import type { PrismaClient } from '../../prisma/database.js';

export interface QuestionMetricsRow {
  organizationId: number;
  name: string;
  questions: number;
  answered: number;
  /** Median hours from question to first answer (answered ones only); null when none was answered. */
  medianHoursToFirstAnswer: number | null;
  /** 0..1; null when no question is old enough to tell. */
  answeredWithin48h: number | null;
}

const H48 = 48 * 3_600_000;

export async function questionMetrics(prisma: PrismaClient, o: { since?: Date; now?: Date } = {}): Promise<QuestionMetricsRow[]> {
  const now = o.now ?? new Date();
  const threads = await prisma.questionThread.findMany({
    // Residents' questions only: a member's reply to a network bulletin is a thread too, but not a question to count.
    where: { bulletinId: null, ...(o.since ? { createdAt: { gte: o.since } } : {}) },
    select: { organizationId: true, createdAt: true, firstAnsweredAt: true },
  });
  const byOrg = new Map<number, typeof threads>();
  for (const t of threads) byOrg.set(t.organizationId, [...(byOrg.get(t.organizationId) ?? []), t]);
  const names = new Map(
    (await prisma.organization.findMany({ where: { id: { in: [...byOrg.keys()] } }, select: { id: true, name: true } })).map((x) => [
      x.id,
      x.name,
    ]),
  );
  const rows: QuestionMetricsRow[] = [];
  for (const [organizationId, list] of byOrg) {
    const hours = list
      .filter((t) => t.firstAnsweredAt)
      .map((t) => (t.firstAnsweredAt!.getTime() - t.createdAt.getTime()) / 3_600_000)
      .sort((a, b) => a - b);
    const judged = list.filter((t) => t.firstAnsweredAt || now.getTime() - t.createdAt.getTime() >= H48);
    const fast = judged.filter((t) => t.firstAnsweredAt && t.firstAnsweredAt.getTime() - t.createdAt.getTime() <= H48).length;
    rows.push({
      organizationId,
      name: names.get(organizationId) ?? '',
      questions: list.length,
      answered: hours.length,
      medianHoursToFirstAnswer: hours.length ? Math.round(hours[Math.floor(hours.length / 2)]! * 10) / 10 : null,
      answeredWithin48h: judged.length ? Math.round((fast / judged.length) * 100) / 100 : null,
    });
  }
  return rows.sort((a, b) => b.questions - a.questions);
}
