/**
 * Data retention, run hourly by the server (and at start):
 *  - inbound message ids and the replies kept for provider retries: INBOUND_RETENTION_DAYS (default 7; Twilio
 *    retries within seconds, Telegram for at most a day);
 *  - conversation state untouched for CONVERSATION_RETENTION_HOURS (default 24): it is where a shared location
 *    lives during a conversation, so raw locations never outlive it; the person just starts again at the menu;
 *  - replies kept for provider retries are emptied after CONVERSATION_RETENTION_HOURS too (they can quote a point);
 *  - reply-quota windows older than two hours (they hold phone numbers and count nothing any more);
 *  - Delivery rows of runs finished more than DELIVERY_RETENTION_DAYS ago (default 30; status callbacks come within
 *    days): their counts by status and failure code move to the run (BroadcastRun.archivedCounts) in the same
 *    transaction, so the run's reports read the same numbers (runCounts).
 */
import type { PrismaClient } from '../prisma/database.js';
import { CONVERSATION_KEY_MARK } from '../dialogs/state-key.js';
import type { ArchivedCounts } from './delivery/broadcasts.js';

export interface RetentionPolicy {
  inboundDays: number;
  conversationHours: number;
  /** Delivery rows of finished runs; omitted: kept. */
  deliveryDays?: number;
}

export interface RetentionReport {
  inboundMessages: number;
  conversations: number;
  senderQuotas: number;
  deliveries: number;
}

/** Finished deliveries: never PENDING or SENDING (a cancelled run's leftovers stay until they settle). */
const SETTLED = ['SENT', 'DELIVERED', 'UNDELIVERED', 'FAILED', 'SKIPPED'] as const;

export async function applyRetention(prisma: PrismaClient, now: Date, policy: RetentionPolicy): Promise<RetentionReport> {
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const inbound = await prisma.inboundMessage.deleteMany({ where: { receivedAt: { lt: ago(policy.inboundDays * 86_400_000) } } });
  // Replies kept for provider retries can quote a shared point: emptied with the conversations (the message id stays,
  // so a very late retry is still answered as a duplicate, with nothing).
  await prisma.$executeRaw`UPDATE "InboundMessage" SET "replies" = '[]'::jsonb WHERE "receivedAt" < ${ago(policy.conversationHours * 3_600_000)} AND "replies" IS NOT NULL AND "replies" <> '[]'::jsonb`;
  const conversations = await prisma.dialogState.deleteMany({
    where: { key: { contains: CONVERSATION_KEY_MARK }, updatedAt: { lt: ago(policy.conversationHours * 3_600_000) } },
  });
  const quotas = await prisma.senderQuota.deleteMany({ where: { windowStart: { lt: ago(2 * 3_600_000) } } });
  const deliveries = policy.deliveryDays === undefined ? 0 : await trimDeliveries(prisma, ago(policy.deliveryDays * 86_400_000));
  return { inboundMessages: inbound.count, conversations: conversations.count, senderQuotas: quotas.count, deliveries };
}

/** Moves the counts of old finished runs' deliveries onto the run and removes the rows, one run per transaction. */
async function trimDeliveries(prisma: PrismaClient, before: Date): Promise<number> {
  const runs = await prisma.broadcastRun.findMany({
    where: { status: { not: 'RUNNING' }, finishedAt: { lt: before }, deliveries: { some: { status: { in: [...SETTLED] } } } },
    select: { id: true },
    take: 1000,
  });
  let removed = 0;
  for (const { id } of runs) {
    removed += await prisma.$transaction(async (tx) => {
      // Lock the run so that two processes running retention at once never count the same rows twice.
      await tx.$queryRaw`SELECT "id" FROM "BroadcastRun" WHERE "id" = ${id} FOR UPDATE`;
      const rows = await tx.delivery.groupBy({
        by: ['status', 'errorCode'],
        where: { runId: id, status: { in: [...SETTLED] } },
        _count: { _all: true },
      });
      if (!rows.length) return 0;
      const run = await tx.broadcastRun.findUniqueOrThrow({ where: { id }, select: { archivedCounts: true } });
      const c: ArchivedCounts = (run.archivedCounts as ArchivedCounts | null) ?? { status: {}, errors: {} };
      for (const r of rows) {
        c.status[r.status] = (c.status[r.status] ?? 0) + r._count._all;
        if (r.status === 'FAILED' && r.errorCode) c.errors[r.errorCode] = (c.errors[r.errorCode] ?? 0) + r._count._all;
      }
      const d = await tx.delivery.deleteMany({ where: { runId: id, status: { in: [...SETTLED] } } });
      await tx.broadcastRun.update({ where: { id }, data: { archivedCounts: c as object } });
      return d.count;
    });
  }
  return removed;
}
