/**
 * Prometheus metrics (GET /metrics): inbound messages per channel, dialog turn latency, deliveries by status and
 * the delivery queue depth (read from the database at scrape time), provider errors by channel and code.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Express } from 'express';
import type { PrismaClient } from '../../prisma/database.js';

export class Metrics {
  readonly registry = new Registry();
  readonly inbound = new Counter({ name: 'inbound_messages_total', help: 'Inbound messages by channel and outcome', labelNames: ['channel', 'outcome'], registers: [this.registry] });
  readonly turnSeconds = new Histogram({ name: 'dialog_turn_seconds', help: 'Dialog turn latency', labelNames: ['channel'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry] });
  readonly providerErrors = new Counter({ name: 'provider_errors_total', help: 'Provider errors by channel and code', labelNames: ['channel', 'code'], registers: [this.registry] });

  constructor(prisma: PrismaClient) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'deliveries',
      help: 'Deliveries by status',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const rows = await prisma.delivery.groupBy({ by: ['status'], _count: { _all: true } });
        this.reset();
        for (const r of rows) this.set({ status: r.status }, r._count._all);
      },
    });
    new Gauge({
      name: 'delivery_queue_depth',
      help: 'Deliveries waiting to be sent (PENDING or SENDING)',
      registers: [this.registry],
      async collect() {
        this.set(await prisma.delivery.count({ where: { status: { in: ['PENDING', 'SENDING'] } } }));
      },
    });
  }

  mount(app: Express) {
    app.get('/metrics', async (_req, res, next) => {
      try {
        res.type(this.registry.contentType).send(await this.registry.metrics());
      } catch (err) {
        next(err);
      }
    });
  }
}
