/**
 * Broadcasts: who receives one (audience → contacts → channel by policy), what it costs (preview), and turning a
 * due broadcast into one Delivery per recipient exactly once across processes (the BroadcastRun row is unique
 * per broadcast and planned time; deliveries are unique per run and contact).
 */
import type { PrismaClient } from '../../prisma/database.js';
import type { Tx } from '../repositories/events.js';
import { segmentInfo, transliterateToGsm } from '../channels/sms/gsm.js';
import { nextOccurrence, type Repeat } from './schedule.js';
import { networkRecipientIds, type NetworkFilter } from '../network/bulletins.js';

export type Audience =
  | { kind: 'ORGANIZATION' | 'TOPIC' | 'EVENT'; ref: number }
  | { kind: 'EVERYONE' }
  | { kind: 'NETWORK'; ref?: number; filter: NetworkFilter };

/** A stored broadcast's audience (NETWORK keeps its filter in audienceFilter and the sending organisation in audienceRef). */
export function audienceOf(b: { audience: string; audienceRef: number | null; audienceFilter?: unknown }): Audience {
  if (b.audience === 'EVERYONE') return { kind: 'EVERYONE' };
  if (b.audience === 'NETWORK')
    return { kind: 'NETWORK', ref: b.audienceRef ?? undefined, filter: (b.audienceFilter ?? {}) as NetworkFilter };
  return { kind: b.audience as 'ORGANIZATION' | 'TOPIC' | 'EVENT', ref: b.audienceRef! };
}
export type ChannelPolicy = 'TELEGRAM_FIRST' | 'SMS_ONLY' | 'TELEGRAM_ONLY';

export interface Recipient {
  contactId: number;
  channel: 'SMS' | 'TELEGRAM';
}

export interface Preview {
  recipients: { telegram: number; sms: number; unreachable: number };
  sms: { encoding: string; segmentsPerMessage: number; totalSegments: number; estimatedCost: number };
  firstRun: Date;
}

/** BroadcastRun.archivedCounts: what retention removed, by status and by failure code. */
export interface ArchivedCounts {
  status: Record<string, number>;
  errors: Record<string, number>;
}

/** A run's deliveries counted the way its sender reads them (progress message and final summary). */
export async function runCounts(
  prisma: PrismaClient,
  runId: number,
): Promise<{ sent: number; delivered: number; failed: number; skipped: number; pending: number }> {
  const c = Object.fromEntries(
    (await prisma.delivery.groupBy({ by: ['status'], where: { runId }, _count: { _all: true } })).map((r) => [r.status, r._count._all]),
  ) as Record<string, number>;
  // Deliveries removed by retention (DELIVERY_RETENTION_DAYS) count through the run's archived counts.
  const archived = (await prisma.broadcastRun.findUnique({ where: { id: runId }, select: { archivedCounts: true } }))?.archivedCounts as
    | ArchivedCounts
    | null
    | undefined;
  const n = (s: string) => (c[s] ?? 0) + (archived?.status?.[s] ?? 0);
  return {
    sent: n('SENT') + n('DELIVERED') + n('UNDELIVERED'),
    delivered: n('DELIVERED'),
    failed: n('FAILED') + n('UNDELIVERED'),
    skipped: n('SKIPPED'),
    pending: n('PENDING') + n('SENDING'),
  };
}

/** How long a missed run may be late and still go out after a restart. */
export const MAX_LATENESS_MS = 6 * 3600_000;

export class BroadcastService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly o: { transliterate: boolean; pricePerSegment: number },
  ) {}

  async recipients(audience: Audience, policy: ChannelPolicy): Promise<{ list: Recipient[]; unreachable: number }> {
    let contactIds: number[];
    if (audience.kind === 'NETWORK') contactIds = await networkRecipientIds(this.prisma, audience.filter, audience.ref);
    else if (audience.kind === 'EVERYONE')
      contactIds = (await this.prisma.contact.findMany({ where: { status: 'ACTIVE' }, select: { id: true } })).map((c) => c.id);
    else if (audience.kind === 'TOPIC')
      contactIds = (await this.prisma.subscription.findMany({ where: { categoryId: audience.ref }, select: { contactId: true } })).map(
        (s) => s.contactId,
      );
    else if (audience.kind === 'EVENT')
      contactIds = (
        await this.prisma.signup.findMany({ where: { eventId: audience.ref, status: 'CONFIRMED' }, select: { contactId: true } })
      ).map((s) => s.contactId);
    else {
      const followers = await this.prisma.subscription.findMany({ where: { organizationId: audience.ref }, select: { contactId: true } });
      const members = await this.prisma.organizationMember.findMany({
        where: { organizationId: audience.ref },
        select: { contactId: true },
      });
      contactIds = [...followers, ...members].map((x) => x.contactId);
    }
    const unique = [...new Set(contactIds)];
    const contacts = await this.prisma.contact.findMany({
      where: { id: { in: unique }, status: 'ACTIVE' },
      include: { identities: { select: { channel: true } } },
      orderBy: { id: 'asc' },
    });
    const list: Recipient[] = [];
    let unreachable = unique.length - contacts.length;
    for (const c of contacts) {
      const has = (ch: 'SMS' | 'TELEGRAM') => c.identities.some((i) => i.channel === ch);
      const channel =
        policy === 'SMS_ONLY'
          ? has('SMS')
            ? 'SMS'
            : undefined
          : policy === 'TELEGRAM_ONLY'
            ? has('TELEGRAM')
              ? 'TELEGRAM'
              : undefined
            : has('TELEGRAM')
              ? 'TELEGRAM'
              : has('SMS')
                ? 'SMS'
                : undefined;
      if (channel) list.push({ contactId: c.id, channel });
      else unreachable++;
    }
    return { list, unreachable };
  }

  smsText(text: string): string {
    return this.o.transliterate ? transliterateToGsm(text) : text;
  }

  async preview(audience: Audience, policy: ChannelPolicy, text: string, firstRun: Date): Promise<Preview> {
    const { list, unreachable } = await this.recipients(audience, policy);
    const sms = list.filter((r) => r.channel === 'SMS').length;
    const info = segmentInfo(this.smsText(text));
    return {
      recipients: { telegram: list.length - sms, sms, unreachable },
      sms: {
        encoding: info.encoding,
        segmentsPerMessage: info.segments,
        totalSegments: info.segments * sms,
        estimatedCost: Math.round(info.segments * sms * this.o.pricePerSegment * 100) / 100,
      },
      firstRun,
    };
  }

  /**
   * Schedules a broadcast. `sourceMessage` ("<channel>:<message id>" of the turn that asked for it) makes this
   * idempotent: the provider's retry of a turn that failed after this call gets the same broadcast, not a second one.
   * `tx`: the caller's transaction (a broadcast held for approval is written with its approval request).
   */
  async create(
    b: {
      createdById?: number;
      organizationId?: number;
      audience: Audience;
      policy: ChannelPolicy;
      text: string;
      urgent?: boolean;
      firstRun: Date;
      repeat?: Repeat;
      progressChatId?: string;
      sourceMessage?: string;
      status?: 'SCHEDULED' | 'PENDING_APPROVAL';
    },
    tx: Tx | PrismaClient = this.prisma,
  ) {
    if (b.sourceMessage) {
      const existing = await tx.broadcast.findUnique({ where: { sourceMessage: b.sourceMessage } });
      if (existing) return existing;
    }
    const created = await tx.broadcast.create({
      data: {
        sourceMessage: b.sourceMessage,
        createdById: b.createdById,
        organizationId: b.organizationId,
        audience: b.audience.kind,
        audienceRef: b.audience.kind === 'EVERYONE' ? null : (b.audience.ref ?? null),
        audienceFilter: b.audience.kind === 'NETWORK' ? { ...b.audience.filter } : undefined,
        channelPolicy: b.policy,
        text: b.text,
        urgent: b.urgent ?? false,
        recurrence: b.repeat?.recurrence ?? 'NONE',
        recurrenceDays: b.repeat?.days ?? [],
        recurrenceTime: b.repeat?.time,
        nextRunAt: b.firstRun,
        status: b.status ?? 'SCHEDULED',
        progressChatId: b.progressChatId,
      },
    });
    await tx.auditLog.create({
      data: {
        actor: b.createdById ? `contact:${b.createdById}` : 'system',
        action: 'broadcast.created',
        subject: `broadcast:${created.id}`,
        details: { audience: b.audience.kind, policy: b.policy },
      },
    });
    return created;
  }

  /**
   * Turns every due broadcast into a run with its deliveries. Safe to call from several processes at once: the
   * unique (broadcastId, plannedAt) lets exactly one create the run. Returns the runs this call created, and the
   * broadcasts skipped because the run was missed by more than MAX_LATENESS_MS (to be reported to their sender).
   */
  async claimDue(now: Date): Promise<{ created: number[]; missed: number[] }> {
    const due = await this.prisma.broadcast.findMany({
      where: { status: { in: ['SCHEDULED', 'RUNNING'] }, nextRunAt: { lte: now } },
      orderBy: { nextRunAt: 'asc' },
    });
    const created: number[] = [];
    const missed: number[] = [];
    let failure: unknown;
    for (const b of due) {
      const plannedAt = b.nextRunAt!;
      const repeat: Repeat = {
        recurrence: b.recurrence,
        days: b.recurrenceDays,
        time: b.recurrenceTime ?? '09:00',
        dayOfMonth: plannedAt
          ? Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Warsaw', day: 'numeric' }).format(plannedAt))
          : undefined,
      };
      const next = nextOccurrence(repeat, now);
      const late = now.getTime() - plannedAt.getTime() > MAX_LATENESS_MS;
      // The recipients are read first; the run, its deliveries and the broadcast's next run are then written in one
      // transaction, so a crash or a database error never leaves a run without its deliveries (which the worker
      // would mark COMPLETED): the broadcast stays due and the next tick plans it again.
      const audience = audienceOf(b);
      let runId: number | undefined;
      try {
        const list = late ? [] : (await this.recipients(audience, b.channelPolicy)).list;
        runId = await this.prisma.$transaction(
          async (tx) => {
            const ins = await tx.broadcastRun.createMany({
              data: [{ broadcastId: b.id, plannedAt, status: late ? 'FAILED' : 'RUNNING', finishedAt: late ? now : null }],
              skipDuplicates: true,
            });
            if (ins.count === 0) return undefined; // another process has it
            const run = await tx.broadcastRun.findUniqueOrThrow({ where: { broadcastId_plannedAt: { broadcastId: b.id, plannedAt } } });
            for (let i = 0; i < list.length; i += 1000) {
              await tx.delivery.createMany({
                data: list
                  .slice(i, i + 1000)
                  .map((r) => ({ runId: run.id, contactId: r.contactId, channel: r.channel, nextAttemptAt: now })),
                skipDuplicates: true,
              });
            }
            await tx.broadcast.update({
              where: { id: b.id },
              data: { nextRunAt: next ?? null, lastRunAt: plannedAt, status: next ? 'SCHEDULED' : late ? 'FAILED' : 'RUNNING' },
            });
            return run.id;
          },
          { timeout: 60_000, maxWait: 30_000 },
        );
      } catch (err) {
        // This broadcast stays due (retried next tick); the others still go out. Reported after the loop.
        failure ??= err;
        continue;
      }
      if (runId === undefined) continue;
      if (late) {
        missed.push(b.id);
        continue;
      }
      created.push(runId);
    }
    if (failure !== undefined) throw failure;
    return { created, missed };
  }

  async cancel(broadcastId: number): Promise<boolean> {
    const r = await this.prisma.broadcast.updateMany({
      where: { id: broadcastId, status: { in: ['SCHEDULED', 'DRAFT', 'PENDING_APPROVAL'] } },
      data: { status: 'CANCELLED', nextRunAt: null },
    });
    return r.count === 1;
  }
}
