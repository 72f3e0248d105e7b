/** Tells a broadcast's sender about a run that was missed while the server was down (never dropped silently). */
import type { PrismaClient } from '../../prisma/database.js';
import type { ContactNotifier } from '../../dialogs/events/ports.js';
import { t } from '../../dialogs/i18n/index.js';
import { formatWhen } from '../../dialogs/events/when.js';

/** The final summary of a finished run, with the most common failure reasons, to its sender. */
export async function reportFinished(prisma: PrismaClient, notifier: ContactNotifier, runId: number): Promise<void> {
  const run = await prisma.broadcastRun.findUnique({ where: { id: runId }, include: { broadcast: true } });
  if (!run?.broadcast.createdById) return;
  const counts = Object.fromEntries((await prisma.delivery.groupBy({ by: ['status'], where: { runId }, _count: { _all: true } })).map((r) => [r.status, r._count._all]));
  const reasons = await prisma.delivery.groupBy({ by: ['errorCode'], where: { runId, status: 'FAILED' }, _count: { _all: true }, orderBy: { _count: { errorCode: 'desc' } }, take: 3 });
  const why = reasons.length ? ` (${reasons.map((r) => `${r.errorCode ?? '?'}: ${r._count._all}`).join(', ')})` : '';
  const b = run.broadcast;
  await notifier.notify(b.createdById!, (l) => [
    { kind: 'text', text: t(l, 'broadcast.summary', { id: b.id, sent: (counts.SENT ?? 0) + (counts.DELIVERED ?? 0) + (counts.UNDELIVERED ?? 0), delivered: counts.DELIVERED ?? 0, skipped: counts.SKIPPED ?? 0, failed: (counts.FAILED ?? 0) + (counts.UNDELIVERED ?? 0), reasons: why }) },
  ]);
}

export async function reportMissed(prisma: PrismaClient, notifier: ContactNotifier, broadcastId: number): Promise<void> {
  const b = await prisma.broadcast.findUnique({ where: { id: broadcastId } });
  await prisma.auditLog.create({ data: { actor: 'system', action: 'broadcast.missed', subject: `broadcast:${broadcastId}` } });
  if (!b?.createdById || !b.lastRunAt) return;
  const at = b.lastRunAt;
  await notifier.notify(b.createdById, (l) => [{ kind: 'text', text: t(l, 'broadcast.missed', { id: b.id, when: formatWhen(at, l) }) }]);
}
