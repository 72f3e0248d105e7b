/**
 * Four eyes (issue 17): a broadcast or bulletin to everyone, to more than `recipients` people, or costing more
 * than `cost` in SMS (the preview's estimate) is created PENDING_APPROVAL, which the scheduler never claims; so is a
 * change of an organisation's name, KRS or a far move. Administrators other than the requester get the request
 * with buttons; the decision is recorded (Approval row: who, when, why) and the requester is told either way. A
 * scheduled time that passes while the request waits is reported once (reportOverdue), never silently moved:
 * such a broadcast cannot be approved any more; its sender cancels it and sends it again with a new time.
 */
import type { PrismaClient } from '../../prisma/database.js';
import type { Tx } from '../repositories/events.js';
import type { ContactNotifier } from '../../dialogs/events/ports.js';
import { t, type Locale } from '../../dialogs/i18n/index.js';
import { formatWhen } from '../../dialogs/events/when.js';
import type { Actor } from '../../dialogs/ports.js';
import type { ApprovalPort, DecisionResult } from '../../dialogs/network/ports.js';
import type { Reply } from '../../dialogs/activity.js';

/** From the validated configuration (bot/config.ts, Config.approvals). */
export interface ApprovalThresholds {
  /** More recipients than this needs approval (BROADCAST_APPROVAL_RECIPIENTS, default 500). */
  recipients: number;
  /** A higher estimated SMS cost than this (PLN) needs approval (BROADCAST_APPROVAL_COST, default 100). */
  cost: number;
}

/** The thresholds and the distance limit for a profile move (PROFILE_APPROVAL_METERS), as Config.approvals has them. */
export interface ApprovalLimits extends ApprovalThresholds {
  profileMeters: number;
}

export const DEFAULT_LIMITS: ApprovalLimits = { recipients: 500, cost: 100, profileMeters: 500 };

/** What happens to the subject of a profile approval (applied by the profile repository). */
export interface ProfileApprovalTarget {
  approve(changeId: number, now: Date): Promise<void>;
  reject(changeId: number): Promise<void>;
  describe(changeId: number, locale: Locale): Promise<string>;
}

export class Approvals implements ApprovalPort {
  profiles?: ProfileApprovalTarget;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly notifier: ContactNotifier,
    readonly thresholds: ApprovalThresholds = DEFAULT_LIMITS,
  ) {}

  /** Why a send needs approval (empty: it does not). */
  reasonsForSend(audienceKind: string, preview: { telegram: number; sms: number; cost: number }): string[] {
    const reasons: string[] = [];
    if (audienceKind === 'EVERYONE') reasons.push('everyone');
    if (preview.telegram + preview.sms > this.thresholds.recipients) reasons.push('recipients');
    if (preview.cost > this.thresholds.cost) reasons.push('cost');
    return reasons;
  }

  /**
   * Writes the request and its audit row in the caller's transaction, so that what waits for approval and its
   * request exist together or not at all (a held broadcast without a request would wait for ever). `created` is
   * false when this subject already had one (a retried turn): then nobody is told again.
   */
  async record(
    tx: Tx,
    kind: 'broadcast' | 'profile',
    subjectId: number,
    requestedById: number | undefined,
    reasons: string[],
  ): Promise<{ id: number; created: boolean }> {
    const ins = await tx.approval.createMany({ data: [{ kind, subjectId, requestedById, reasons }], skipDuplicates: true });
    const a = await tx.approval.findUniqueOrThrow({ where: { kind_subjectId: { kind, subjectId } } });
    if (ins.count === 1)
      await tx.auditLog.create({
        data: {
          actor: requestedById ? `contact:${requestedById}` : 'system',
          action: 'approval.requested',
          subject: `${kind}:${subjectId}`,
          details: { approval: a.id, reasons },
        },
      });
    return { id: a.id, created: ins.count === 1 };
  }

  /**
   * Sends a recorded request, with its number and buttons, to every administrator but the one who asked (after the
   * transaction that recorded it committed).
   */
  async announce(id: number, requestedById: number | undefined, reasons: string[], describe: (l: Locale) => Promise<string> | string) {
    const texts: Partial<Record<Locale, string>> = {};
    for (const l of ['pl', 'en', 'uk'] as const) texts[l] = await describe(l);
    // Approving needs Telegram (an SMS sender can be forged): an administrator without it is told where to decide.
    await this.toAdmins(requestedById, (l, telegram) => [
      !telegram
        ? { kind: 'text', text: t(l, 'net.approval_on_telegram', { id }) }
        : {
            kind: 'choices',
            text: `${t(l, 'net.approval_request', { id, why: reasons.map((r) => t(l, `net.reason_${r}` as 'net.reason_everyone')).join(', ') })}\n${texts[l]}\n${t(l, 'net.approval_how', { id })}`,
            choices: [
              { value: `approval:yes:${id}`, label: t(l, 'net.approve_button') },
              { value: `approval:no:${id}`, label: t(l, 'net.reject_button') },
            ],
          },
    ]);
  }

  /** The approval still waiting for this subject, if any. */
  async pendingFor(kind: 'broadcast' | 'profile', subjectId: number): Promise<number | undefined> {
    const a = await this.prisma.approval.findUnique({ where: { kind_subjectId: { kind, subjectId } } });
    return a?.status === 'PENDING' ? a.id : undefined;
  }

  async decide(actor: Actor, id: number, decision: 'approve' | 'reject', reason: string | undefined, now: Date): Promise<DecisionResult> {
    if (!actor.verifiedChannel) return { ok: false, why: 'not_allowed' };
    const who = await this.prisma.contact.findUnique({ where: { id: actor.contactId }, select: { role: true } });
    if (who?.role !== 'ADMIN') return { ok: false, why: 'not_allowed' };
    const a = await this.prisma.approval.findUnique({ where: { id } });
    if (!a) return { ok: false, why: 'not_found' };
    if (a.status !== 'PENDING') return { ok: false, why: 'not_pending' };
    if (a.requestedById === actor.contactId) return { ok: false, why: 'own' };
    const kind = a.kind as 'broadcast' | 'profile';
    const approve = decision === 'approve';
    let ownerId: number | null = null;
    let overdue = false;
    const done = await this.prisma.$transaction(async (tx) => {
      if (kind === 'broadcast') {
        const b = await tx.broadcast.findUnique({ where: { id: a.subjectId } });
        if (b?.status !== 'PENDING_APPROVAL') return false;
        ownerId = b.createdById;
        if (approve && b.nextRunAt && b.nextRunAt <= now) {
          overdue = true;
          return false;
        }
        const r = await tx.broadcast.updateMany({
          where: { id: b.id, status: 'PENDING_APPROVAL' },
          data: approve ? { status: 'SCHEDULED' } : { status: 'REJECTED', nextRunAt: null },
        });
        if (r.count !== 1) return false;
      } else {
        const c = await tx.profileChange.findUnique({ where: { id: a.subjectId } });
        if (c?.status !== 'PENDING') return false;
        ownerId = c.contactId;
      }
      const u = await tx.approval.updateMany({
        where: { id, status: 'PENDING' },
        data: {
          status: approve ? 'APPROVED' : 'REJECTED',
          decidedById: actor.contactId,
          decidedAt: now,
          reason: approve ? null : (reason ?? null),
        },
      });
      if (u.count !== 1) throw new Error('approval decided concurrently');
      await tx.auditLog.create({
        data: {
          actor: `contact:${actor.contactId}`,
          action: approve ? 'approval.approved' : 'approval.rejected',
          subject: `${kind}:${a.subjectId}`,
          details: { approval: id, reason: reason ?? null },
        },
      });
      return true;
    });
    if (overdue) {
      await this.markOverdue(id, now);
      return { ok: false, why: 'overdue' };
    }
    if (!done) return { ok: false, why: 'not_pending' };
    if (kind === 'profile' && this.profiles) await (approve ? this.profiles.approve(a.subjectId, now) : this.profiles.reject(a.subjectId));
    const owner = ownerId as number | null;
    if (owner) {
      const key =
        kind === 'broadcast'
          ? approve
            ? 'net.bc_approved'
            : 'net.bc_rejected'
          : approve
            ? 'net.profile_approved'
            : 'net.profile_rejected';
      await this.notifier.notify(owner, (l) => [{ kind: 'text', text: t(l, key, { id: a.subjectId, reason: reason ?? '' }) }]);
    }
    return { ok: true, kind, subjectId: a.subjectId, decision: approve ? 'approved' : 'rejected' };
  }

  /**
   * Broadcasts whose time came while they waited: reported once to the sender and the administrators (the
   * broadcast keeps waiting and cannot be approved; nothing is sent and its time is not moved).
   */
  async reportOverdue(now: Date): Promise<number[]> {
    const waiting = await this.prisma.approval.findMany({ where: { kind: 'broadcast', status: 'PENDING', overdueAt: null } });
    const out: number[] = [];
    for (const a of waiting) {
      const b = await this.prisma.broadcast.findUnique({ where: { id: a.subjectId }, select: { nextRunAt: true, status: true } });
      if (b?.status === 'PENDING_APPROVAL' && b.nextRunAt && b.nextRunAt <= now && (await this.markOverdue(a.id, now))) out.push(a.id);
    }
    return out;
  }

  private async markOverdue(approvalId: number, now: Date): Promise<boolean> {
    const r = await this.prisma.approval.updateMany({ where: { id: approvalId, overdueAt: null }, data: { overdueAt: now } });
    if (r.count !== 1) return false;
    const a = await this.prisma.approval.findUniqueOrThrow({ where: { id: approvalId } });
    const b = await this.prisma.broadcast.findUnique({
      where: { id: a.subjectId },
      select: { id: true, nextRunAt: true, createdById: true },
    });
    if (!b?.nextRunAt) return true;
    const at = b.nextRunAt;
    await this.prisma.auditLog.create({
      data: {
        actor: 'system',
        action: 'approval.overdue',
        subject: `broadcast:${b.id}`,
        details: { approval: approvalId, plannedAt: at.toISOString() },
      },
    });
    const text = (l: Locale) => t(l, 'net.bc_overdue', { id: b.id, approval: approvalId, when: formatWhen(at, l) });
    if (b.createdById) await this.notifier.notify(b.createdById, (l) => [{ kind: 'text', text: text(l) }]);
    await this.toAdmins(b.createdById ?? undefined, (l) => [{ kind: 'text', text: text(l) }]);
    return true;
  }

  private async toAdmins(except: number | undefined, build: (l: Locale, telegram: boolean) => Reply[]): Promise<void> {
    const admins = await this.prisma.contact.findMany({
      where: { role: 'ADMIN', status: 'ACTIVE', ...(except ? { id: { not: except } } : {}) },
      select: { id: true, identities: { where: { channel: 'TELEGRAM' }, select: { id: true } } },
      orderBy: { id: 'asc' },
    });
    for (const a of admins) await this.notifier.notify(a.id, (l) => build(l, a.identities.length > 0));
  }
}
