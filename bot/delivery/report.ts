/** Tells a broadcast's sender about a run that was missed while the server was down (never dropped silently). */
import type { PrismaClient } from '../../prisma/database.js';
import type { ContactNotifier } from '../../dialogs/events/ports.js';
import { t } from '../../dialogs/i18n/index.js';
import { formatWhen } from '../../dialogs/events/when.js';

export async function reportMissed(prisma: PrismaClient, notifier: ContactNotifier, broadcastId: number): Promise<void> {
  const b = await prisma.broadcast.findUnique({ where: { id: broadcastId } });
  await prisma.auditLog.create({ data: { actor: 'system', action: 'broadcast.missed', subject: `broadcast:${broadcastId}` } });
  if (!b?.createdById || !b.lastRunAt) return;
  const at = b.lastRunAt;
  await notifier.notify(b.createdById, (l) => [{ kind: 'text', text: t(l, 'broadcast.missed', { id: b.id, when: formatWhen(at, l) }) }]);
}
