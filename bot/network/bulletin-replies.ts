/**
 * Replies to network bulletins (issue 17), the server side of dialogs/network/bulletin-reply-dialog.ts. A reply is
 * a question thread (bot/questions/service.ts) addressed to the bulletin's sending organisation, so its people see
 * and answer it exactly as they answer residents; the bulletin's other recipients never see it.
 *
 * Who may reply: a member or coordinator, on a verified channel (Telegram), who received the bulletin or belongs to
 * an organisation it addresses (the deliveries of old runs are removed by retention; the address stays), and is not
 * of the sending organisation. Only a bulletin that went out (it has a run) can be replied to.
 */
import type { PrismaClient } from '../../prisma/database.js';
import type { Actor } from '../../dialogs/ports.js';
import type { BulletinReplyPort, BulletinReplyResult } from '../../dialogs/network/ports.js';
import type { QuestionService } from '../questions/service.js';
import { networkOrganizationIds, type NetworkFilter } from './bulletins.js';

type Target = { ok: true; org: string; organizationId: number } | { ok: false; why: 'not_allowed' | 'unknown' | 'own' };

export class BulletinReplies implements BulletinReplyPort {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly questions: QuestionService,
  ) {}

  async bulletinForReply(chatId: string, messageId: string): Promise<number | undefined> {
    // The delivery worker keeps Telegram's id of each message it sent as "tg:<chat>:<message>".
    const d = await this.prisma.delivery.findUnique({
      where: { providerMessageId: `tg:${chatId}:${messageId}` },
      select: { run: { select: { broadcast: { select: { id: true, audience: true } } } } },
    });
    return d?.run.broadcast.audience === 'NETWORK' ? d.run.broadcast.id : undefined;
  }

  private async check(actor: Actor, bulletinId: number): Promise<Target> {
    if (!actor.verifiedChannel) return { ok: false, why: 'not_allowed' };
    const b = await this.prisma.broadcast.findUnique({
      where: { id: bulletinId },
      select: {
        audience: true,
        audienceFilter: true,
        organizationId: true,
        organization: { select: { name: true } },
        _count: { select: { runs: true } },
      },
    });
    if (b?.audience !== 'NETWORK' || b.organizationId === null || !b.organization || b._count.runs === 0)
      return { ok: false, why: 'unknown' };
    const mine = (
      await this.prisma.organizationMember.findMany({ where: { contactId: actor.contactId }, select: { organizationId: true } })
    ).map((m) => m.organizationId);
    if (mine.includes(b.organizationId)) return { ok: false, why: 'own' };
    const received = await this.prisma.delivery.count({ where: { contactId: actor.contactId, run: { broadcastId: bulletinId } } });
    if (!received) {
      const addressed = new Set(await networkOrganizationIds(this.prisma, (b.audienceFilter ?? {}) as NetworkFilter, b.organizationId));
      if (!mine.some((id) => addressed.has(id))) return { ok: false, why: 'unknown' };
    }
    return { ok: true, org: b.organization.name, organizationId: b.organizationId };
  }

  async target(actor: Actor, bulletinId: number) {
    const t = await this.check(actor, bulletinId);
    return t.ok ? { ok: true as const, org: t.org } : t;
  }

  async reply(actor: Actor, bulletinId: number, text: string): Promise<BulletinReplyResult> {
    const t = await this.check(actor, bulletinId);
    if (!t.ok) return t;
    const r = await this.questions.replyToBulletin(actor, { id: bulletinId, organizationId: t.organizationId }, text);
    return { ok: true, ref: r.ref, org: t.org, shown: r.shown > 0 };
  }
}
