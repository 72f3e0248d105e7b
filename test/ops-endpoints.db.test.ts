/**
 * Issue 14 item 10: /metrics and the details of /healthz only for this machine or a bearer token; the delivery
 * counts in /metrics cached for a few seconds; Delivery rows of finished runs trimmed by retention, with the
 * run's counts kept for its reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from './support/db.js';
import { openTestDatabase } from './support/db.js';
import { startTestServer } from './support/server.js';
import type { RunningServer } from '../bot/server.js';
import type { Database } from '../prisma/database.js';
import { applyRetention } from '../bot/retention.js';
import { loadConfig, ConfigError } from '../bot/config.js';
import { runCounts } from '../bot/delivery/broadcasts.js';
import { Metrics } from '../bot/http/metrics.js';

const TOKEN = 'metrics-token-0123456789abcdef';
// A request relayed by a proxy on this machine (trusted by TRUST_PROXY=loopback) for a client elsewhere.
const remote = { 'x-forwarded-for': '203.0.113.7' };

describe(`/metrics and /healthz access on ${testDbKind}`, () => {
  let server: RunningServer;
  let withToken: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({});
    withToken = await startTestServer({ METRICS_TOKEN: TOKEN });
  });
  afterAll(async () => {
    await server?.stop();
    await withToken?.stop();
  });

  it('/metrics: this machine yes, anyone else 403 (no token configured)', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    const r = await fetch(`${server.url}/metrics`, { headers: remote });
    expect(r.status).toBe(403);
    expect(await r.text()).not.toContain('delivery_queue_depth');
  });

  it('/metrics with METRICS_TOKEN: a remote scraper with the token yes, without or with a wrong one 401', async () => {
    expect((await fetch(`${withToken.url}/metrics`, { headers: { ...remote, authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${withToken.url}/metrics`, { headers: remote })).status).toBe(401);
    expect((await fetch(`${withToken.url}/metrics`, { headers: { ...remote, authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
  });

  it('/healthz: anyone gets the status (load balancers), only this machine or the token the details', async () => {
    const pub = await fetch(`${server.url}/healthz`, { headers: remote });
    expect(pub.status).toBe(200);
    expect(await pub.json()).toEqual({ status: 'ok' });
    const local = (await (await fetch(`${server.url}/healthz`)).json()) as Record<string, unknown>;
    expect(local).toMatchObject({ status: 'ok', database: { reachable: true }, channels: { sms: expect.any(String) } });
    const tokened = (await (
      await fetch(`${withToken.url}/healthz`, { headers: { ...remote, authorization: `Bearer ${TOKEN}` } })
    ).json()) as Record<string, unknown>;
    expect(tokened).toHaveProperty('channels');
  });

  it('the delivery counts are cached between scrapes (no group-by over Delivery per scrape)', async () => {
    const p = server.db.prisma;
    const before = await (await fetch(`${server.url}/metrics`)).text();
    const b = await p.broadcast.create({ data: { audience: 'EVERYONE', text: 'x' } });
    const run = await p.broadcastRun.create({ data: { broadcastId: b.id, plannedAt: new Date('2026-01-01T00:00:00Z') } });
    await p.delivery.create({
      data: { runId: run.id, channel: 'SMS', status: 'PENDING', nextAttemptAt: new Date('2099-01-01T00:00:00Z') },
    });
    const after = await (await fetch(`${server.url}/metrics`)).text();
    const depth = (s: string) => /^delivery_queue_depth (\d+)$/m.exec(s)?.[1];
    expect(depth(before)).toBe('0');
    expect(depth(after)).toBe('0');
  });

  it('the cache expires, and concurrent scrapes share one query', async () => {
    const db = server.db;
    let queries = 0;
    const counting = new Proxy(db.prisma, {
      get(target, prop, recv) {
        if (prop === 'delivery') {
          const d = Reflect.get(target, prop, recv) as object;
          return new Proxy(d, {
            get: (t, k, r) =>
              k === 'groupBy'
                ? (...a: unknown[]) => (queries++, (Reflect.get(t, k, r) as (...x: unknown[]) => unknown).apply(t, a))
                : Reflect.get(t, k, r),
          });
        }
        return Reflect.get(target, prop, recv);
      },
    });
    const m = new Metrics(counting, { cacheMs: 100 });
    await Promise.all([m.registry.metrics(), m.registry.metrics(), m.registry.metrics()]);
    expect(queries).toBe(1);
    await m.registry.metrics();
    expect(queries).toBe(1);
    await new Promise((r) => setTimeout(r, 150));
    await m.registry.metrics();
    expect(queries).toBe(2);
  });
});

describe(`delivery retention on ${testDbKind}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  it('DELIVERY_RETENTION_DAYS: validated, default 30', () => {
    expect(loadConfig({}).retention.deliveryDays).toBe(30);
    expect(loadConfig({ DELIVERY_RETENTION_DAYS: '7' }).retention.deliveryDays).toBe(7);
    expect(() => loadConfig({ DELIVERY_RETENTION_DAYS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('removes the deliveries of runs finished longer ago; the run keeps its counts and failure reasons', async () => {
    const p = db.prisma;
    const now = new Date('2026-12-01T12:00:00Z');
    const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
    const b = await p.broadcast.create({ data: { audience: 'EVERYONE', text: 'x', status: 'COMPLETED' } });
    const old = await p.broadcastRun.create({
      data: { broadcastId: b.id, plannedAt: days(40), status: 'COMPLETED', finishedAt: days(40) },
    });
    const recent = await p.broadcastRun.create({
      data: { broadcastId: b.id, plannedAt: days(5), status: 'COMPLETED', finishedAt: days(5) },
    });
    const running = await p.broadcastRun.create({ data: { broadcastId: b.id, plannedAt: days(50), status: 'RUNNING' } });
    const statuses = ['SENT', 'DELIVERED', 'DELIVERED', 'UNDELIVERED', 'FAILED', 'FAILED', 'SKIPPED'] as const;
    for (const r of [old, recent, running]) {
      await p.delivery.createMany({
        data: statuses.map((status, i) => ({
          runId: r.id,
          channel: 'SMS' as const,
          status,
          errorCode: status === 'FAILED' ? (i === 4 ? '30003' : '30005') : null,
        })),
      });
    }
    await p.delivery.create({ data: { runId: running.id, channel: 'SMS', status: 'PENDING' } });
    const countsBefore = await runCounts(p, old.id);
    expect(countsBefore).toEqual({ sent: 4, delivered: 2, failed: 3, skipped: 1, pending: 0 });

    const policy = { ...loadConfig({}).retention, deliveryDays: 30 };
    const report = await applyRetention(p, now, policy);
    expect(report.deliveries).toBe(statuses.length);
    expect(await p.delivery.count({ where: { runId: old.id } })).toBe(0);
    expect(await p.delivery.count({ where: { runId: recent.id } })).toBe(statuses.length);
    expect(await p.delivery.count({ where: { runId: running.id } })).toBe(statuses.length + 1);
    expect(await runCounts(p, old.id)).toEqual(countsBefore);
    expect(await runCounts(p, recent.id)).toEqual(countsBefore);
    expect((await p.broadcastRun.findUniqueOrThrow({ where: { id: old.id } })).archivedCounts).toEqual({
      status: { SENT: 1, DELIVERED: 2, UNDELIVERED: 1, FAILED: 2, SKIPPED: 1 },
      errors: { '30003': 1, '30005': 1 },
    });
    // Running again changes nothing (the counts are not added twice).
    expect((await applyRetention(p, now, policy)).deliveries).toBe(0);
    expect(await runCounts(p, old.id)).toEqual(countsBefore);
  });
});
