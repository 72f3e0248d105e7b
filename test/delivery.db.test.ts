import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { BroadcastService } from '../bot/delivery/broadcasts.js';
import { DeliveryWorker } from '../bot/delivery/worker.js';
import { nextOccurrence, quietUntil } from '../bot/delivery/schedule.js';
import { ProviderError } from '../bot/channels/outbound.js';
import { ensureCategories } from '../prisma/seed/index.js';
import type { Reply } from '../dialogs/activity.js';
import type { Database } from '../prisma/database.js';
import { seedTopicAudience } from './support/audience.js';

/** A provider at its HTTP boundary's level: records sends, and fails the ones the test asks it to. */
class FakeProvider {
  sent: Array<{ to: string; body: string }> = [];
  failures = new Map<string, ProviderError[]>();
  private n = 0;
  async send(to: string, body: string | Reply[]) {
    const f = this.failures.get(to)?.shift();
    if (f) throw f;
    this.sent.push({ to, body: typeof body === 'string' ? body : (body[0] as { text: string }).text });
    return { providerMessageId: `P${++this.n}-${to}` };
  }
}

describe(`delivery engine on ${testDbKind}`, () => {
  let db: Database;
  let topicId: number;
  let now: Date;
  let sms: FakeProvider;
  let tg: FakeProvider;
  const clock = () => now;
  const service = () => new BroadcastService(db.prisma, { transliterate: true, pricePerSegment: 0.1 });
  const worker = (extra: Partial<ConstructorParameters<typeof DeliveryWorker>[2]> = {}) =>
    new DeliveryWorker(
      db.prisma,
      { sms, telegram: tg },
      {
        rates: { smsPerSecond: Infinity, telegramPerSecond: Infinity },
        quietHours: { start: '21:00', end: '08:00' },
        transliterate: true,
        clock,
        ...extra,
      },
    );

  async function person(opts: { sms?: string; tg?: string; topic?: boolean; status?: 'ACTIVE' | 'STOPPED' }) {
    const identities = [
      ...(opts.sms ? [{ channel: 'SMS' as const, address: opts.sms }] : []),
      ...(opts.tg ? [{ channel: 'TELEGRAM' as const, address: opts.tg, chatId: opts.tg }] : []),
    ];
    const c = await db.prisma.contact.create({ data: { status: opts.status ?? 'ACTIVE', identities: { create: identities } } });
    if (opts.topic !== false)
      await db.prisma.subscription.create({
        data: { contactId: c.id, target: `category:${topicId}`, categoryId: topicId, channel: identities[0]!.channel },
      });
    return c;
  }

  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureCategories(db.prisma);
    topicId = (await db.prisma.category.findUniqueOrThrow({ where: { slug: 'seniorzy' } })).id;
  });
  beforeEach(async () => {
    await db.prisma.broadcast.deleteMany();
    await db.prisma.contact.deleteMany();
    sms = new FakeProvider();
    tg = new FakeProvider();
    now = new Date('2026-12-01T10:00:00Z'); // 11:00 in Warsaw
  });
  afterAll(async () => db?.close());

  it('preview: recipients per channel, SMS encoding, segments and cost; Telegram first with SMS fallback', async () => {
    await person({ sms: '+48600000001' });
    await person({ tg: '1001' });
    await person({ sms: '+48600000003', tg: '1003' });
    await person({ sms: '+48600000004', status: 'STOPPED' });
    const p = await service().preview(
      { kind: 'TOPIC', ref: topicId },
      'TELEGRAM_FIRST',
      'Zajęcia dla seniorów w środę o 10:00 w Ratuszu.',
      now,
    );
    expect(p.recipients).toEqual({ telegram: 2, sms: 1, unreachable: 1 });
    expect(p.sms).toEqual({ encoding: 'GSM-7', segmentsPerMessage: 1, totalSegments: 1, estimatedCost: 0.1 });
    const smsOnly = await service().preview({ kind: 'TOPIC', ref: topicId }, 'SMS_ONLY', 'x', now);
    expect(smsOnly.recipients).toEqual({ telegram: 0, sms: 2, unreachable: 2 });
  });

  it('a due broadcast becomes one delivery per person (once across two schedulers), all sent once, run completed', async () => {
    const people = [];
    for (let i = 0; i < 30; i++) people.push(await person(i % 2 ? { sms: `+486001000${String(i).padStart(2, '0')}` } : { tg: `20${i}` }));
    // One person also a member of an organisation whose followers get the same broadcast later: still one each.
    const b = await service().create({
      audience: { kind: 'TOPIC', ref: topicId },
      policy: 'TELEGRAM_FIRST',
      text: 'Zażółć gęślą jaźń',
      firstRun: now,
    });
    const [a, c] = await Promise.all([service().claimDue(now), service().claimDue(now)]);
    expect(a.created.length + c.created.length).toBe(1);
    expect(await db.prisma.delivery.count()).toBe(30);
    expect(await worker().drain()).toBe(30);
    expect(sms.sent).toHaveLength(15);
    expect(tg.sent).toHaveLength(15);
    expect(sms.sent[0]!.body).toBe('Zazolc gesla jazn');
    expect(tg.sent[0]!.body).toBe('Zażółć gęślą jaźń');
    expect(new Set(sms.sent.map((s) => s.to)).size).toBe(15);
    expect((await db.prisma.broadcastRun.findFirstOrThrow({ where: { broadcastId: b.id } })).status).toBe('COMPLETED');
    expect(await worker().drain()).toBe(0);
  });

  it('the sender sees a progress message that is edited, ending with nothing pending', async () => {
    const sender = await person({ tg: '9002', topic: false });
    for (let i = 0; i < 5; i++) await person({ sms: `+4860000005${i}` });
    const calls: Array<{ messageId?: string; text: string }> = [];
    const telegram = {
      send: tg.send.bind(tg),
      progress: async (_chat: string, messageId: string | undefined, text: string) => (calls.push({ messageId, text }), messageId ?? '77'),
    };
    const b = await service().create({
      createdById: sender.id,
      audience: { kind: 'TOPIC', ref: topicId },
      policy: 'SMS_ONLY',
      text: 'x',
      firstRun: now,
      progressChatId: '9002',
    });
    await service().claimDue(now);
    await new DeliveryWorker(
      db.prisma,
      { sms, telegram },
      { rates: { smsPerSecond: Infinity, telegramPerSecond: Infinity }, quietHours: null, transliterate: true, clock, batchSize: 2 },
    ).drain();
    expect(calls[0]).toEqual({
      messageId: undefined,
      text: expect.stringMatching(new RegExp(`^Wysyłka nr ${b.id}: wysłano 2, błędy 0, w kolejce 3\\.$`)),
    });
    expect(calls.at(-1)).toEqual({ messageId: '77', text: `Wysyłka nr ${b.id}: wysłano 5, błędy 0, w kolejce 0.` });
    expect((await db.prisma.broadcast.findUniqueOrThrow({ where: { id: b.id } })).progressMessageId).toBe('77');
  });

  it('the sender gets a final summary with failure reasons', async () => {
    const sender = await person({ tg: '9001', topic: false });
    await person({ sms: '+48600000041' });
    await person({ sms: '+48600000042' });
    sms.failures.set('+48600000042', [
      new ProviderError('Invalid number', { provider: 'twilio', status: 400, code: '21211', permanent: true }),
    ]);
    const b = await service().create({
      createdById: sender.id,
      audience: { kind: 'TOPIC', ref: topicId },
      policy: 'SMS_ONLY',
      text: 'x',
      firstRun: now,
    });
    await service().claimDue(now);
    const summaries: string[] = [];
    const { reportFinished } = await import('../bot/delivery/report.js');
    const notifier = {
      notify: async (_id: number, build: (l: 'pl' | 'en' | 'uk') => Reply[]) => (
        summaries.push((build('pl')[0] as { text: string }).text), true
      ),
    };
    await worker({ onRunFinished: (runId) => reportFinished(db.prisma, notifier, runId) }).drain();
    expect(summaries).toEqual([`Wysyłka nr ${b.id} zakończona: wysłano 1, dostarczono 0, pominięto 0, błędy 1. (21211: 1)`]);
  });

  it('checks opt-outs at send time, keeps SMS quiet hours (not for urgent ones), Telegram goes at night', async () => {
    const stopsLater = await person({ sms: '+48600000011' });
    await person({ sms: '+48600000012' });
    await person({ tg: '3001' });
    now = new Date('2026-12-01T21:30:00Z'); // 22:30 in Warsaw
    await service().create({ audience: { kind: 'TOPIC', ref: topicId }, policy: 'TELEGRAM_FIRST', text: 'Wieczorem', firstRun: now });
    await service().claimDue(now);
    await db.prisma.contact.update({ where: { id: stopsLater.id }, data: { status: 'STOPPED' } });
    await worker().drain();
    expect(tg.sent).toHaveLength(1);
    expect(sms.sent).toHaveLength(0);
    const deferred = await db.prisma.delivery.findFirstOrThrow({ where: { channel: 'SMS', status: 'PENDING' } });
    expect(deferred.nextAttemptAt.toISOString()).toBe('2026-12-02T07:00:00.000Z'); // 08:00 Warsaw
    expect(await db.prisma.delivery.count({ where: { status: 'SKIPPED', errorMessage: 'contact stopped' } })).toBe(1);
    now = new Date('2026-12-02T07:00:00Z');
    await worker().drain();
    expect(sms.sent.map((s) => s.to)).toEqual(['+48600000012']);

    await service().create({
      audience: { kind: 'TOPIC', ref: topicId },
      policy: 'SMS_ONLY',
      text: 'Pilne: alarm',
      urgent: true,
      firstRun: new Date('2026-12-02T22:00:00Z'),
    });
    now = new Date('2026-12-02T22:00:00Z');
    await service().claimDue(now);
    await worker().drain();
    expect(sms.sent.map((s) => s.body)).toContain('Pilne: alarm');
  });

  it('retries 429, 5xx and network errors with backoff; gives up after max attempts; 21610 stops, 403 blocks', async () => {
    const retry = await person({ sms: '+48600000021' });
    const flaky = await person({ sms: '+48600000022' });
    const stopped = await person({ sms: '+48600000023' });
    const blocked = await person({ tg: '4001' });
    sms.failures.set('+48600000021', [
      new ProviderError('Too Many Requests', { provider: 'twilio', status: 429, code: '20429', permanent: false }),
    ]);
    sms.failures.set(
      '+48600000022',
      Array.from({ length: 5 }, () => new ProviderError('Service Unavailable', { provider: 'twilio', status: 503, permanent: false })),
    );
    sms.failures.set('+48600000023', [
      new ProviderError('Attempt to send to unsubscribed recipient', {
        provider: 'twilio',
        status: 400,
        code: '21610',
        permanent: true,
        contactStopped: true,
      }),
    ]);
    tg.failures.set('4001', [
      new ProviderError('Forbidden: bot was blocked by the user', {
        provider: 'telegram',
        status: 403,
        code: '403',
        permanent: true,
        contactStopped: true,
      }),
    ]);
    await service().create({ audience: { kind: 'TOPIC', ref: topicId }, policy: 'TELEGRAM_FIRST', text: 'x', firstRun: now });
    await service().claimDue(now);
    const w = worker({ maxAttempts: 3 });
    await w.drain();
    for (let i = 0; i < 6; i++) {
      now = new Date(now.getTime() + 10 * 60_000);
      await w.drain();
    }
    const d = async (contactId: number) => db.prisma.delivery.findFirstOrThrow({ where: { contactId } });
    expect(await d(retry.id)).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(await d(flaky.id)).toMatchObject({ status: 'FAILED', attempts: 3, errorCode: '503' });
    expect(await d(stopped.id)).toMatchObject({ status: 'FAILED', errorCode: '21610', attempts: 1 });
    expect(await d(blocked.id)).toMatchObject({ status: 'FAILED', errorCode: '403' });
    expect((await db.prisma.contact.findUniqueOrThrow({ where: { id: stopped.id } })).status).toBe('STOPPED');
    expect((await db.prisma.contact.findUniqueOrThrow({ where: { id: blocked.id } })).status).toBe('BLOCKED');
  });

  it('after a crash, deliveries in flight past their lease are sent again; the rest exactly once', async () => {
    for (let i = 0; i < 10; i++) await person({ sms: `+486002000${String(i).padStart(2, '0')}` });
    await service().create({ audience: { kind: 'TOPIC', ref: topicId }, policy: 'SMS_ONLY', text: 'x', firstRun: now });
    await service().claimDue(now);
    // A process claimed 3 and died before recording the outcome.
    const ids = (await db.prisma.delivery.findMany({ take: 3, orderBy: { id: 'asc' } })).map((x) => x.id);
    await db.prisma.delivery.updateMany({
      where: { id: { in: ids } },
      data: { status: 'SENDING', claimedBy: 'dead', claimedAt: now, attempts: 1 },
    });
    const w = worker({ leaseMs: 60_000 });
    await w.drain();
    expect(sms.sent).toHaveLength(7);
    now = new Date(now.getTime() + 61_000);
    expect(await w.recoverExpired()).toBe(3);
    await w.drain();
    expect(sms.sent).toHaveLength(10);
    expect(new Set(sms.sent.map((s) => s.to)).size).toBe(10);
  });

  it('three workers on one database send each of 600 deliveries exactly once', async () => {
    // 600 subscribers with a phone each (+48601000000…), in three statements (600 Prisma creates took seconds).
    await seedTopicAudience(db, { count: 600, topicId, prefix: '+48601', digits: 6 });
    expect(await db.prisma.subscription.count({ where: { categoryId: topicId, channel: 'SMS' } })).toBe(600);
    await service().create({ audience: { kind: 'TOPIC', ref: topicId }, policy: 'SMS_ONLY', text: 'x', firstRun: now });
    await Promise.all([service().claimDue(now), service().claimDue(now), service().claimDue(now)]);
    const counts = await Promise.all(
      [worker({ batchSize: 20 }), worker({ batchSize: 20 }), worker({ batchSize: 20 })].map((w) => w.drain()),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(600);
    expect(sms.sent).toHaveLength(600);
    expect(new Set(sms.sent.map((s) => s.to)).size).toBe(600);
    expect(await db.prisma.delivery.count({ where: { status: 'SENT' } })).toBe(600);
  });

  it('a run missed by more than 6 hours is not sent late but reported; repeating ones move to the next time', async () => {
    await person({ sms: '+48600000031' });
    const b = await service().create({
      audience: { kind: 'TOPIC', ref: topicId },
      policy: 'SMS_ONLY',
      text: 'x',
      firstRun: new Date('2026-12-01T01:00:00Z'),
      repeat: { recurrence: 'DAILY', days: [], time: '02:00' },
    });
    const r = await service().claimDue(now);
    expect(r.missed).toEqual([b.id]);
    expect(await db.prisma.delivery.count()).toBe(0);
    const after = await db.prisma.broadcast.findUniqueOrThrow({ where: { id: b.id } });
    expect(after).toMatchObject({ status: 'SCHEDULED', nextRunAt: new Date('2026-12-02T01:00:00Z') });
  });
});

describe('claim size', () => {
  it('never claims more than can be sent within half the lease at the channel rate', () => {
    const w = (sms: number, tg: number, batchSize = 50) =>
      new DeliveryWorker(
        {} as never,
        { sms: { send: async () => ({ providerMessageId: '' }) }, telegram: { send: async () => ({ providerMessageId: '' }) } },
        { rates: { smsPerSecond: sms, telegramPerSecond: tg }, quietHours: null, transliterate: true, leaseMs: 60_000, batchSize },
      );
    expect(w(1, 25).batchFor('SMS')).toBe(30);
    expect(w(0.2, 25).batchFor('SMS')).toBe(6);
    expect(w(1, 25).batchFor('TELEGRAM')).toBe(50);
    expect(w(Infinity, Infinity).batchFor('SMS')).toBe(50);
  });
});

describe('schedules in Europe/Warsaw', () => {
  it('daily, weekly on chosen days, monthly; across the DST change', () => {
    const from = new Date('2026-12-01T10:00:00Z'); // Tuesday
    expect(nextOccurrence({ recurrence: 'DAILY', days: [], time: '09:00' }, from)!.toISOString()).toBe('2026-12-02T08:00:00.000Z');
    expect(nextOccurrence({ recurrence: 'WEEKLY', days: [1, 3], time: '18:30' }, from)!.toISOString()).toBe('2026-12-02T17:30:00.000Z');
    expect(nextOccurrence({ recurrence: 'MONTHLY', days: [], time: '12:00', dayOfMonth: 31 }, from)!.toISOString()).toBe(
      '2026-12-31T11:00:00.000Z',
    );
    expect(nextOccurrence({ recurrence: 'DAILY', days: [], time: '09:00' }, new Date('2027-03-27T09:00:00Z'))!.toISOString()).toBe(
      '2027-03-28T07:00:00.000Z',
    );
    expect(nextOccurrence({ recurrence: 'NONE', days: [], time: '09:00' }, from)).toBeUndefined();
  });
  it('quiet hours across midnight', () => {
    const q = { start: '21:00', end: '08:00' };
    expect(quietUntil(new Date('2026-12-01T10:00:00Z'), q)).toBeUndefined();
    expect(quietUntil(new Date('2026-12-01T20:30:00Z'), q)!.toISOString()).toBe('2026-12-02T07:00:00.000Z');
    expect(quietUntil(new Date('2026-12-02T05:00:00Z'), q)!.toISOString()).toBe('2026-12-02T07:00:00.000Z');
  });
});
