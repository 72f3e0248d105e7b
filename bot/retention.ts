/**
 * Data retention, run hourly by the server (and at start):
 *  - inbound message ids and the replies kept for provider retries: INBOUND_RETENTION_DAYS (default 7; Twilio
 *    retries within seconds, Telegram for at most a day);
 *  - conversation state untouched for CONVERSATION_RETENTION_HOURS (default 24): it is where a shared location
 *    lives during a conversation, so raw locations never outlive it; the person just starts again at the menu;
 *  - replies kept for provider retries are emptied after CONVERSATION_RETENTION_HOURS too (they can quote a point);
 *  - reply-quota windows older than two hours (they hold phone numbers and count nothing any more).
 */
import type { PrismaClient } from '../prisma/database.js';
import { CONVERSATION_KEY_MARK } from '../dialogs/state-key.js';

export interface RetentionPolicy {
  inboundDays: number;
  conversationHours: number;
}

export interface RetentionReport {
  inboundMessages: number;
  conversations: number;
  senderQuotas: number;
}

export async function applyRetention(prisma: PrismaClient, now: Date, policy: RetentionPolicy): Promise<RetentionReport> {
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const inbound = await prisma.inboundMessage.deleteMany({ where: { receivedAt: { lt: ago(policy.inboundDays * 86_400_000) } } });
  // Replies kept for provider retries can quote a shared point: emptied with the conversations (the message id stays,
  // so a very late retry is still answered as a duplicate, with nothing).
  await prisma.$executeRaw`UPDATE "InboundMessage" SET "replies" = '[]'::jsonb WHERE "receivedAt" < ${ago(policy.conversationHours * 3_600_000)} AND "replies" IS NOT NULL AND "replies" <> '[]'::jsonb`;
  const conversations = await prisma.dialogState.deleteMany({ where: { key: { contains: CONVERSATION_KEY_MARK }, updatedAt: { lt: ago(policy.conversationHours * 3_600_000) } } });
  const quotas = await prisma.senderQuota.deleteMany({ where: { windowStart: { lt: ago(2 * 3_600_000) } } });
  return { inboundMessages: inbound.count, conversations: conversations.count, senderQuotas: quotas.count };
}
