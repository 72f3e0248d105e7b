/**
 * Retention of residents' questions (QUESTION_RETENTION_DAYS, default 365): a thread with no activity for that
 * long is closed and anonymised — no resident, no shared number, every message's text emptied, the Telegram
 * messages that showed it (chat ids) forgotten. The row, its timestamps and its organisation stay, so the city's
 * counts (bot/questions/metrics.ts) do not change. Run with the other retention jobs (hourly and at start).
 */
import type { PrismaClient } from '../../prisma/database.js';

export async function retainQuestions(prisma: PrismaClient, now: Date, days: number): Promise<number> {
  const before = new Date(now.getTime() - days * 86_400_000);
  const old = await prisma.questionThread.findMany({
    where: {
      updatedAt: { lt: before },
      OR: [{ residentId: { not: null } }, { status: { not: 'CLOSED' } }, { messages: { some: { text: { not: '' } } } }],
    },
    select: { id: true },
    take: 1000,
  });
  const ids = old.map((t) => t.id);
  if (!ids.length) return 0;
  await prisma.$transaction([
    prisma.questionMessage.updateMany({ where: { threadId: { in: ids } }, data: { text: '', authorId: null } }),
    prisma.questionMessage.updateMany({ where: { threadId: { in: ids }, relayStatus: 'PENDING' }, data: { relayStatus: 'SKIPPED' } }),
    prisma.questionNotice.deleteMany({ where: { threadId: { in: ids } } }),
    prisma.questionThread.updateMany({ where: { id: { in: ids }, status: { not: 'CLOSED' } }, data: { status: 'CLOSED', closedAt: now } }),
    // updatedAt is kept as it was: the thread's last activity, not the day retention touched it.
    prisma.$executeRaw`UPDATE "QuestionThread" SET "residentId" = NULL, "sharesNumber" = false, "takenById" = NULL, "answeredById" = NULL, "sourceMessage" = NULL WHERE "id" = ANY(${ids}::int[])`,
  ]);
  return ids.length;
}
