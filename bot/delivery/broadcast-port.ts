/** The broadcast commands' port: authorisation by role, preview, creation, listing and cancelling. */
import type { PrismaClient } from '../../prisma/database.js';
import type { BroadcastDraft, BroadcastPort } from '../../dialogs/broadcasts/ports.js';
import type { CategoryCatalog } from '../../dialogs/nearest/ports.js';
import { findCategory } from '../../dialogs/nearest/category-match.js';
import type { BroadcastService } from './broadcasts.js';

export class BroadcastCommands implements BroadcastPort {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly service: BroadcastService,
    private readonly categories: CategoryCatalog,
  ) {}

  async topicId(word: string) {
    return findCategory(word, await this.categories.list())?.category.id;
  }

  /** Admins: anything. Coordinators: their organisation's audience and its events' attendees, not urgent. */
  async authorize(contactId: number, d: Pick<BroadcastDraft, 'audience' | 'urgent'>) {
    const c = await this.prisma.contact.findUnique({ where: { id: contactId }, select: { role: true } });
    if (c?.role === 'ADMIN') return true;
    if (d.urgent) return false;
    const orgs = (await this.prisma.organizationMember.findMany({ where: { contactId, role: 'COORDINATOR' }, select: { organizationId: true } })).map((m) => m.organizationId);
    if (d.audience.kind === 'ORGANIZATION') return orgs.includes(d.audience.ref);
    if (d.audience.kind === 'EVENT') {
      const ref = d.audience.ref;
      const e = await this.prisma.event.findUnique({ where: { id: ref }, select: { organizationId: true } });
      return e !== null && orgs.includes(e.organizationId);
    }
    return false;
  }

  async preview(d: BroadcastDraft) {
    const p = await this.service.preview(d.audience, d.policy, d.text, new Date(d.firstRun));
    return { ...p.recipients, encoding: p.sms.encoding, segments: p.sms.segmentsPerMessage, total: p.sms.totalSegments, cost: p.sms.estimatedCost };
  }

  async create(contactId: number, d: BroadcastDraft, progressChatId?: string) {
    const organizationId = d.audience.kind === 'ORGANIZATION' ? d.audience.ref : undefined;
    const b = await this.service.create({ createdById: contactId, organizationId, audience: d.audience, policy: d.policy, text: d.text, urgent: d.urgent, firstRun: new Date(d.firstRun), repeat: d.repeat, progressChatId });
    return b.id;
  }

  async mine(contactId: number) {
    return this.prisma.broadcast.findMany({ where: { createdById: contactId, status: { in: ['SCHEDULED', 'RUNNING'] } }, select: { id: true, text: true, status: true, nextRunAt: true }, orderBy: { id: 'asc' } });
  }

  async cancel(contactId: number, id: number) {
    const b = await this.prisma.broadcast.findUnique({ where: { id } });
    if (!b || b.createdById !== contactId) return false;
    return this.service.cancel(id);
  }
}
