/**
 * Delivery workers: claim due deliveries with row locks (FOR UPDATE SKIP LOCKED, so several processes never take
 * the same row), check the opt-out at send time, keep SMS quiet hours (unless urgent), send through the channel
 * under its rate limit, and record the outcome: SENT with the provider id, a retry with backoff (429, 5xx,
 * network), or FAILED with the reason (Twilio 21610 stops the contact, a Telegram 403 blocks it).
 *
 * Crash policy (README "Delivery guarantees"): a delivery is marked SENDING before the provider is called. After
 * a crash, SENDING rows whose lease expired go back to PENDING and are sent again: at-least-once for the few
 * messages in flight at the crash, exactly-once for everyone else.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../prisma/database.js';
import type { OutboundSms, OutboundTelegram } from '../channels/outbound.js';
import { DeliveryRepository, type ClaimedDelivery } from '../repositories/deliveries.js';
import { asProviderError, classifyFailure } from './failure.js';
import { RateLimiter } from './rate-limiter.js';
import { quietUntil } from './schedule.js';
import { transliterateToGsm } from '../channels/sms/gsm.js';
import { DEFAULT_LOCALE, isLocale, t } from '../../dialogs/i18n/index.js';
import type { Reply } from '../../dialogs/activity.js';
import { bulletinReplyButton } from '../../dialogs/network/ports.js';
import { runCounts } from './broadcasts.js';
import { CircuitBreaker } from './circuit-breaker.js';

export interface WorkerOptions {
  instanceId?: string;
  batchSize?: number;
  maxAttempts?: number;
  /** A SENDING row older than this is taken to be from a crashed process. */
  leaseMs?: number;
  rates: { telegramPerSecond: number; smsPerSecond: number };
  quietHours: { start: string; end: string } | null;
  transliterate: boolean;
  clock?: () => Date;
  /** Longest pause of a channel during a provider outage (default 60 s). */
  maxOutagePauseMs?: number;
  /** Where the worker reports what it cannot do (a failed tick, a failed progress edit); silent when unset. */
  logger?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

type Claimed = ClaimedDelivery;

export class DeliveryWorker {
  readonly instanceId: string;
  private readonly limiters: Record<'SMS' | 'TELEGRAM', RateLimiter>;
  private readonly breakers: Record<'SMS' | 'TELEGRAM', CircuitBreaker>;
  private stopped = false;
  private running?: Promise<void>;
  /** Ends the loop's pause between ticks at once (stop() need not wait up to a whole interval). */
  private wake?: () => void;
  private readonly deliveries: DeliveryRepository;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly outbound: { sms: OutboundSms; telegram: OutboundTelegram },
    private readonly o: WorkerOptions & {
      onRunFinished?: (runId: number) => Promise<void>;
      onProviderError?: (channel: string, code: string) => void;
      onOutage?: (channel: string, pauseMs: number) => void;
    },
  ) {
    this.instanceId = o.instanceId ?? randomUUID();
    this.deliveries = new DeliveryRepository(prisma);
    this.limiters = { SMS: new RateLimiter(o.rates.smsPerSecond), TELEGRAM: new RateLimiter(o.rates.telegramPerSecond) };
    this.breakers = { SMS: new CircuitBreaker(3, o.maxOutagePauseMs), TELEGRAM: new CircuitBreaker(3, o.maxOutagePauseMs) };
  }

  private now() {
    return this.o.clock?.() ?? new Date();
  }

  /** Returns deliveries of crashed processes to the queue (their lease expired). */
  async recoverExpired(): Promise<number> {
    return this.deliveries.recoverExpired(new Date(this.now().getTime() - (this.o.leaseMs ?? 60_000)));
  }

  /** Releases this instance's claims (graceful shutdown). */
  async releaseClaims(): Promise<number> {
    return this.deliveries.releaseClaims(this.instanceId);
  }

  /**
   * How many rows to claim at once: never more than can be sent within half the lease at the channel's rate,
   * or another process would take rows still in our hands as abandoned (and send them twice).
   */
  batchFor(channel: 'SMS' | 'TELEGRAM'): number {
    const rate = channel === 'SMS' ? this.o.rates.smsPerSecond : this.o.rates.telegramPerSecond;
    const fitsInLease = Number.isFinite(rate) ? Math.max(1, Math.floor((rate * (this.o.leaseMs ?? 60_000)) / 2000)) : Infinity;
    return Math.min(this.o.batchSize ?? 50, fitsInLease);
  }

  private async claim(channel: 'SMS' | 'TELEGRAM'): Promise<Claimed[]> {
    const now = this.now();
    const breaker = this.breakers[channel];
    if (breaker.isOpen(now.getTime())) return [];
    return this.deliveries.claim(channel, this.instanceId, now, breaker.isProbing(now.getTime()) ? 1 : this.batchFor(channel));
  }

  /** Processes everything due now, on both channels; returns how many deliveries were handled. */
  async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const [sms, tg] = await Promise.all([this.claim('SMS'), this.claim('TELEGRAM')]);
      if (sms.length + tg.length === 0) break;
      await Promise.all([this.sendAll(sms), this.sendAll(tg)]);
      handled += sms.length + tg.length;
      await this.reportProgress(new Set([...sms, ...tg].map((d) => d.runId)), false);
      if (this.stopped) break;
    }
    await this.finishRuns();
    return handled;
  }

  private async sendAll(batch: Claimed[]) {
    if (batch.length === 0) return;
    // One query each for the batch's runs and contacts, not one per delivery.
    const runs = new Map(
      (
        await this.prisma.broadcastRun.findMany({
          where: { id: { in: [...new Set(batch.map((d) => d.runId))] } },
          include: { broadcast: true },
        })
      ).map((r) => [r.id, r]),
    );
    const ids = batch.map((d) => d.contactId).filter((x): x is number => x !== null);
    const contacts = new Map(
      (await this.prisma.contact.findMany({ where: { id: { in: ids } }, include: { identities: true } })).map((c) => [c.id, c]),
    );
    for (const d of batch) {
      if (this.stopped || this.breakers[d.channel].isOpen(this.now().getTime())) {
        // Shutting down, or the provider is down: back to the queue without using up an attempt.
        await this.deliveries.requeue(d.id, { refundAttempt: true });
        continue;
      }
      await this.sendOne(d, runs.get(d.runId)!, d.contactId === null ? null : (contacts.get(d.contactId) ?? null));
    }
  }

  private async sendOne(
    d: Claimed,
    run: { broadcast: { id: number; text: string; urgent: boolean; status: string; audience: string } },
    contact: {
      id: number;
      status: string;
      locale: string | null;
      identities: Array<{ channel: string; address: string; chatId: string | null }>;
    } | null,
  ) {
    const identity = contact?.identities.find((i) => i.channel === d.channel);
    if (!contact || !identity || contact.status !== 'ACTIVE' || run.broadcast.status === 'CANCELLED') {
      await this.deliveries.skip(
        d.id,
        !contact
          ? 'contact erased'
          : contact.status !== 'ACTIVE'
            ? `contact ${contact.status.toLowerCase()}`
            : !identity
              ? 'no identity on this channel'
              : 'broadcast cancelled',
      );
      return;
    }
    if (d.channel === 'SMS' && this.o.quietHours && !run.broadcast.urgent) {
      const until = quietUntil(this.now(), this.o.quietHours);
      if (until) {
        await this.deliveries.requeue(d.id, { at: until, refundAttempt: true });
        return;
      }
    }
    await this.limiters[d.channel].acquire();
    try {
      const res =
        d.channel === 'SMS'
          ? await this.outbound.sms.send(
              identity.address,
              this.o.transliterate ? transliterateToGsm(run.broadcast.text) : run.broadcast.text,
            )
          : await this.outbound.telegram.send(identity.chatId ?? identity.address, telegramMessage(run.broadcast, contact.locale));
      this.breakers[d.channel].success();
      await this.deliveries.markSent(d.id, res.providerMessageId, this.now());
    } catch (err) {
      const breaker = this.breakers[d.channel];
      const decision = classifyFailure(asProviderError(err, d.channel.toLowerCase()), d.attempts, this.o.maxAttempts ?? 5, () =>
        breaker.failure(d.id, this.now().getTime()),
      );
      this.o.onProviderError?.(d.channel, decision.code);
      switch (decision.kind) {
        case 'outage':
          // A provider outage: this attempt does not count; the channel pauses and probes (see CircuitBreaker).
          this.o.onOutage?.(d.channel, breaker.pausedForMs);
          await this.deliveries.requeue(d.id, { at: breaker.resumeAt(), refundAttempt: true, error: decision });
          return;
        case 'retry':
          await this.deliveries.requeue(d.id, {
            at: new Date(this.now().getTime() + decision.backoffMs),
            refundAttempt: false,
            error: decision,
          });
          return;
        case 'fail':
          if (decision.contactStopped) await this.deliveries.contactUnreachable(contact.id, d.channel);
          await this.deliveries.fail(d.id, decision);
          return;
      }
    }
  }

  /** Marks runs with nothing left to send as completed. */
  async finishRuns(): Promise<number[]> {
    const open = await this.prisma.broadcastRun.findMany({ where: { status: 'RUNNING' }, select: { id: true, broadcastId: true } });
    const done: number[] = [];
    for (const r of open) {
      const left = await this.deliveries.unfinished(r.id);
      if (left > 0) continue;
      const u = await this.prisma.broadcastRun.updateMany({
        where: { id: r.id, status: 'RUNNING' },
        data: { status: 'COMPLETED', finishedAt: this.now() },
      });
      if (u.count === 1) {
        done.push(r.id);
        await this.reportProgress(new Set([r.id]), true);
        await this.o
          .onRunFinished?.(r.id)
          .catch((err) => this.o.logger?.error({ err, runId: r.id }, 'the broadcast summary could not be sent'));
        await this.prisma.broadcast.updateMany({ where: { id: r.broadcastId, status: 'RUNNING' }, data: { status: 'COMPLETED' } });
      }
    }
    return done;
  }

  private lastProgress = new Map<number, number>();

  /** Posts or edits the sender's progress message (Telegram), at most every 3 s per run unless forced. */
  private async reportProgress(runIds: Set<number>, force: boolean) {
    const progress = this.outbound.telegram.progress?.bind(this.outbound.telegram);
    if (!progress) return;
    for (const runId of runIds) {
      const last = this.lastProgress.get(runId) ?? 0;
      if (!force && Date.now() - last < 3000) continue;
      this.lastProgress.set(runId, Date.now());
      const run = await this.prisma.broadcastRun.findUnique({
        where: { id: runId },
        include: { broadcast: { include: { createdBy: true } } },
      });
      const b = run?.broadcast;
      if (!b?.progressChatId) continue;
      const c = await runCounts(this.prisma, runId);
      const locale = isLocale(b.createdBy?.locale) ? b.createdBy.locale : 'pl';
      const text = t(locale, 'broadcast.progress', { id: b.id, sent: c.sent, failed: c.failed, pending: c.pending });
      try {
        const id = await progress(b.progressChatId, b.progressMessageId ?? undefined, text);
        if (id !== b.progressMessageId) await this.prisma.broadcast.update({ where: { id: b.id }, data: { progressMessageId: id } });
      } catch (err) {
        // Progress is best effort: the broadcast goes on, the sender sees the summary at the end.
        this.o.logger?.warn({ err, runId }, 'progress message not updated');
      }
    }
  }

  /** Runs drain() every `intervalMs` until stop(). */
  start(intervalMs = 1000) {
    const loop = async () => {
      let lastRecovery = 0;
      while (!this.stopped) {
        // Claims of crashed processes expire while we run, not only at start.
        if (Date.now() - lastRecovery >= Math.min(10_000, (this.o.leaseMs ?? 60_000) / 2)) {
          lastRecovery = Date.now();
          await this.recoverExpired().catch((err) => this.o.logger?.error({ err }, 'delivery recovery failed; retried at the next tick'));
        }
        await this.drain().catch((err) => this.o.logger?.error({ err }, 'delivery tick failed; retried at the next tick'));
        if (this.stopped) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, intervalMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    };
    this.running = loop();
  }

  /** Stops the loop (the tick in flight finishes; the pause after it does not wait) and releases this instance's claims. */
  async stop() {
    this.stopped = true;
    this.wake?.();
    await this.running;
    await this.releaseClaims().catch((err) =>
      this.o.logger?.warn({ err }, 'claims not released at shutdown; they return to the queue when their lease expires'),
    );
  }
}

/**
 * A broadcast as one Telegram message. A network bulletin says its number and how to reply (only the sending
 * organisation sees a reply: dialogs/network/bulletin-reply-dialog.ts), with a reply button, in the recipient's
 * language; a Telegram reply to it is found again through this delivery's provider id.
 */
function telegramMessage(b: { id: number; text: string; audience: string }, locale: string | null): Reply[] {
  if (b.audience !== 'NETWORK') return [{ kind: 'text', text: b.text }];
  const l = isLocale(locale) ? locale : DEFAULT_LOCALE;
  return [
    {
      kind: 'choices',
      text: `${b.text}\n\n${t(l, 'net.bulletin_reply_hint', { id: b.id })}`,
      choices: [{ value: bulletinReplyButton(b.id), label: t(l, 'net.bulletin_reply_button') }],
    },
  ];
}
