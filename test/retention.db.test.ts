import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from './support/db.js';
import type { Database } from '../prisma/database.js';
import { applyRetention } from '../bot/retention.js';
import { loadConfig } from '../bot/config.js';

describe('retention', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  it('expires inbound ids, stale conversations (where shared locations live) and old quota windows; keeps the rest', async () => {
    const p = db.prisma;
    const now = new Date('2026-11-25T12:00:00Z');
    const h = (n: number) => new Date(now.getTime() - n * 3_600_000);
    await p.inboundMessage.createMany({
      data: [
        { channel: 'SMS', externalId: 'old', sender: '+48600000001', replies: [{ kind: 'text', text: 'Hej' }], receivedAt: h(24 * 8) },
        { channel: 'SMS', externalId: 'new', sender: '+48600000001', receivedAt: h(24 * 6) },
      ],
    });
    await p.dialogState.create({ data: { key: 'sms/conversations/+48600000001', eTag: 'a', data: { point: { lat: 54.19, lng: 16.17 } } } });
    await p.dialogState.create({ data: { key: 'telegram/conversations/42', eTag: 'b', data: { point: { lat: 54.2, lng: 16.2 } } } });
    // updatedAt is set by Prisma; age one row with SQL.
    await p.$executeRaw`UPDATE "DialogState" SET "updatedAt" = ${h(25)} WHERE "key" = 'sms/conversations/+48600000001'`;
    await p.$executeRaw`UPDATE "DialogState" SET "updatedAt" = ${h(23)} WHERE "key" = 'telegram/conversations/42'`;
    await p.senderQuota.createMany({
      data: [
        { channel: 'SMS', address: '+48600000001', windowStart: h(3), count: 5 },
        { channel: 'SMS', address: '+48600000002', windowStart: h(0.5), count: 2 },
      ],
    });

    const policy = loadConfig({}).retention;
    expect(policy).toEqual({ inboundDays: 7, conversationHours: 24, deliveryDays: 30, questionDays: 365 });
    expect(await applyRetention(p, now, policy)).toEqual({ inboundMessages: 1, conversations: 1, senderQuotas: 1, deliveries: 0 });
    expect((await p.inboundMessage.findMany()).map((r) => r.externalId)).toEqual(['new']);
    expect((await p.dialogState.findMany()).map((r) => r.key)).toEqual(['telegram/conversations/42']);
    expect((await p.senderQuota.findMany()).map((r) => r.address)).toEqual(['+48600000002']);
    // Configurable: a one-hour conversation policy takes the other one too; running again is a no-op otherwise.
    expect(loadConfig({ CONVERSATION_RETENTION_HOURS: '1', INBOUND_RETENTION_DAYS: '30' }).retention).toEqual({
      inboundDays: 30,
      conversationHours: 1,
      deliveryDays: 30,
      questionDays: 365,
    });
    expect(await applyRetention(p, now, { inboundDays: 30, conversationHours: 1 })).toEqual({
      inboundMessages: 0,
      conversations: 1,
      senderQuotas: 0,
      deliveries: 0,
    });
    expect(() => loadConfig({ INBOUND_RETENTION_DAYS: '0' })).toThrow(/INBOUND_RETENTION_DAYS/);
  });
});
