/**
 * Prometheus metrics (GET /metrics): inbound messages per channel, dialog turn latency, deliveries by status and
 * the delivery queue depth and residents' questions asked and answered per organisation (read from the database at
 * most every few seconds), provider errors by channel and code.
 * Only for this machine or a bearer token (METRICS_TOKEN): see ops-access.ts.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Express, RequestHandler } from 'express';
import type { PrismaClient } from '../../prisma/database.js';

/** How long the delivery counts of one scrape are reused (several scrapers, or a burst, cost one query). */
export const DELIVERY_COUNTS_CACHE_MS = 5_000;

export class Metrics {
  readonly registry = new Registry();
  readonly inbound = new Counter({
    name: 'inbound_messages_total',
    help: 'Inbound messages by channel and outcome',
    labelNames: ['channel', 'outcome'],
    registers: [this.registry],
  });
  readonly turnSeconds = new Histogram({
    name: 'dialog_turn_seconds',
    help: 'Dialog turn latency',
    labelNames: ['channel'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly providerErrors = new Counter({
    name: 'provider_errors_total',
    help: 'Provider errors by channel and code',
    labelNames: ['channel', 'code'],
    registers: [this.registry],
  });
  private counts?: { at: number; value: Promise<Map<string, number>> };
  private questions?: { at: number; value: Promise<Array<{ organizationId: number; asked: number; answered: number }>> };

  constructor(
    private readonly prisma: PrismaClient,
    private readonly o: { cacheMs?: number } = {},
  ) {
    collectDefaultMetrics({ register: this.registry });
    const counts = () => this.deliveryCounts();
    new Gauge({
      name: 'deliveries',
      help: 'Delivery rows by status (rows kept: retention removes those of old finished runs)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const rows = await counts();
        this.reset();
        for (const [status, n] of rows) this.set({ status }, n);
      },
    });
    new Gauge({
      name: 'delivery_queue_depth',
      help: 'Deliveries waiting to be sent (PENDING or SENDING)',
      registers: [this.registry],
      async collect() {
        const rows = await counts();
        this.set((rows.get('PENDING') ?? 0) + (rows.get('SENDING') ?? 0));
      },
    });
    const questions = () => this.questionCounts();
    new Gauge({
      name: 'questions_asked',
      help: "Residents' questions asked, per organisation id",
      labelNames: ['organization_id'],
      registers: [this.registry],
      async collect() {
        const rows = await questions();
        this.reset();
        for (const r of rows) this.set({ organization_id: String(r.organizationId) }, r.asked);
      },
    });
    new Gauge({
      name: 'questions_answered',
      help: "Residents' questions with at least one answer, per organisation id",
      labelNames: ['organization_id'],
      registers: [this.registry],
      async collect() {
        const rows = await questions();
        this.reset();
        for (const r of rows) this.set({ organization_id: String(r.organizationId) }, r.answered);
      },
    });
  }

  /**
   * Residents' questions per organisation (threads kept: retention anonymises, counts stay; members' replies to
   * bulletins are not questions), one group-by, cached like deliveries.
   */
  private questionCounts(): Promise<Array<{ organizationId: number; asked: number; answered: number }>> {
    const now = Date.now();
    if (this.questions && now - this.questions.at < (this.o.cacheMs ?? DELIVERY_COUNTS_CACHE_MS)) return this.questions.value;
    const value = this.prisma.$queryRaw<Array<{ organizationId: number; asked: bigint | number; answered: bigint | number }>>`
      SELECT "organizationId", count(*) AS "asked", count("firstAnsweredAt") AS "answered"
      FROM "QuestionThread" WHERE "bulletinId" IS NULL GROUP BY "organizationId"`.then((rows) =>
      rows.map((r) => ({ organizationId: Number(r.organizationId), asked: Number(r.asked), answered: Number(r.answered) })),
    );
    this.questions = { at: now, value };
    value.catch(() => {
      if (this.questions?.value === value) this.questions = undefined;
    });
    return value;
  }

  /** One group-by for both gauges, reused for DELIVERY_COUNTS_CACHE_MS; concurrent scrapes share it. */
  private deliveryCounts(): Promise<Map<string, number>> {
    const now = Date.now();
    if (this.counts && now - this.counts.at < (this.o.cacheMs ?? DELIVERY_COUNTS_CACHE_MS)) return this.counts.value;
    const value = this.prisma.delivery
      .groupBy({ by: ['status'], _count: { _all: true } })
      .then((rows) => new Map(rows.map((r) => [r.status as string, r._count._all])));
    this.counts = { at: now, value };
    value.catch(() => {
      if (this.counts?.value === value) this.counts = undefined; // a failed query is not cached
    });
    return value;
  }

  /** GET /metrics, behind `guard` (this machine or the metrics token: see ops-access.ts). */
  mount(app: Express, guard: RequestHandler) {
    app.get('/metrics', guard, async (_req, res, next) => {
      try {
        res.type(this.registry.contentType).send(await this.registry.metrics());
      } catch (err) {
        next(err);
      }
    });
  }
}
