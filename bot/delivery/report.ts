/** Tells a broadcast's sender about a run that was missed while the server was down (never dropped silently). */
import type { PrismaClient } from '../../prisma/database.js';
import type { ContactNotifier } from '../../dialogs/events/ports.js';
import { t } from '../../dialogs/i18n/index.js';
import { formatWhen } from '../../dialogs/events/when.js';
import { runCounts } from './broadcasts.js';

/** The final summary of a finished run, with the most common failure reasons, to its sender. */
export async function reportFinished(prisma: PrismaClient, notifier: ContactNotifier, runId: number): Promise<void> {
  const run = await prisma.broadcastRun.findUnique({ where: { id: runId }, include: { broadcast: true } });
  if (!run?.broadcast.createdById) return;
  const c = await runCounts(prisma, runId);
  const reasons = await prisma.delivery.groupBy({
    by: ['errorCode'],
    where: { runId, status: 'FAILED' },
    _count: { _all: true },
    orderBy: { _count: { errorCode: 'desc' } },
    take: 3,
  });
  const why = reasons.length ? ` (${reasons.map((r) => `${r.errorCode ?? '?'}: ${r._count._all}`).join(', ')})` : '';
  const b = run.broadcast;
  await notifier.notify(b.createdById!, (l) => [
    {
      kind: 'text',
      text: t(l, 'broadcast.summary', {
        id: b.id,
        sent: c.sent,
        delivered: c.delivered,
        skipped: c.skipped,
        failed: c.failed,
        reasons: why,
      }),
    },
  ]);
}

export async function reportMissed(prisma: PrismaClient, notifier: ContactNotifier, broadcastId: number): Promise<void> {
  const b = await prisma.broadcast.findUnique({ where: { id: broadcastId } });
  await prisma.auditLog.create({ data: { actor: 'system', action: 'broadcast.missed', subject: `broadcast:${broadcastId}` } });
  if (!b?.createdById || !b.lastRunAt) return;
  const at = b.lastRunAt;
  await notifier.notify(b.createdById, (l) => [{ kind: 'text', text: t(l, 'broadcast.missed', { id: b.id, when: formatWhen(at, l) }) }]);
}
