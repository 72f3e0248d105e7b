/**
 * The ways in that issue 14 found, each tried as an attacker would against the real server or the real ports:
 * a Telegram webhook without its secret, group chats finishing someone else's command, privileged writes through
 * the ports with a resident or an unverified actor, forged SMS webhooks and status callbacks in local mode, and
 * "delete my data" by SMS from an administrator's phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkInterfaces } from 'node:os';
import twilio from 'twilio';
import { openTestDatabase, testDbKind } from './support/db.js';
import { startTestServer } from './support/server.js';
import { FakeTelegram } from './support/fake-telegram.js';
import { FixedClock, makeEngine, productFeatures } from './support/harness.js';
import { ensureCategories } from '../prisma/seed/index.js';
import { grantAdmin, grantCoordinator } from '../bot/admin/roles.js';
import { BroadcastCommands } from '../bot/delivery/broadcast-port.js';
import { BroadcastService } from '../bot/delivery/broadcasts.js';
import { CoordinationRepository } from '../bot/repositories/coordination.js';
import { createGeo } from '../bot/geo/index.js';
import { loadConfig } from '../bot/config.js';
import type { RunningServer } from '../bot/server.js';
import type { Database } from '../prisma/database.js';

const PUBLIC = 'https://bot.example.org';
const msg = (updateId: number, fromId: number, chat: { id: number; type: string }, text: string) => ({
  update_id: updateId,
  message: { message_id: updateId, from: { id: fromId, is_bot: false, first_name: 'X', language_code: 'pl' }, chat, date: 1, text },
});

describe('config: Telegram webhook mode always has a secret', () => {
  it('derives a strong secret from the bot token when none is set (the same in every process), and refuses a weak one', () => {
    const token = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const c = loadConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram' });
    expect(c.telegram?.webhookSecret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(c.telegram?.webhookSecret).not.toContain('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    expect(c.telegram?.webhookSecretGenerated).toBe(true);
    const otherProcess = loadConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram' });
    expect(otherProcess.telegram?.webhookSecret).toBe(c.telegram?.webhookSecret);
    const otherBot = loadConfig({
      TELEGRAM_BOT_TOKEN: '654321:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram',
    });
    expect(otherBot.telegram?.webhookSecret).not.toBe(c.telegram?.webhookSecret);
    expect(() =>
      loadConfig({
        TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
        TELEGRAM_WEBHOOK_URL: 'https://x.org/telegram',
        TELEGRAM_WEBHOOK_SECRET: 'short',
      }),
    ).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });
});

describe(`Telegram webhook without a configured secret on ${testDbKind}`, () => {
  let tg: FakeTelegram;
  let server: RunningServer;
  beforeAll(async () => {
    tg = await new FakeTelegram().start();
    server = await startTestServer({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_URL: `${PUBLIC}/telegram` });
    await grantAdmin(server.db.prisma, { telegram: '7100' });
  });
  afterAll(async () => {
    await server?.stop();
    await tg?.stop();
  });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('registers a generated secret with Telegram and refuses a forged admin update without it', async () => {
    const secret = tg.calls.find((c) => c.method === 'setWebhook')?.payload.secret_token as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // The forged update: an administrator's public id, scheduling an urgent broadcast to everyone.
    const forged = msg(501, 7100, { id: 7100, type: 'private' }, 'NADAJ wszyscy pilne | teraz | Ewakuacja!');
    expect((await post(forged)).status).toBe(401);
    expect((await post(forged, { 'x-telegram-bot-api-secret-token': 'guess' })).status).toBe(401);
    expect((await post(forged, { 'x-telegram-bot-api-secret-token': `${secret}x` })).status).toBe(401);
    expect(await server.db.prisma.inboundMessage.count()).toBe(0);
    expect(tg.sent(7100)).toHaveLength(0);
    // Telegram itself, with the secret, gets through.
    expect((await post(msg(502, 7101, { id: 7101, type: 'private' }, 'pomoc'), { 'x-telegram-bot-api-secret-token': secret })).status).toBe(
      200,
    );
    await tg.waitFor(() => tg.sent(7101).length >= 1);
    expect(await server.db.prisma.broadcast.count()).toBe(0);
  });
});

describe(`Telegram group chats on ${testDbKind}`, () => {
  let tg: FakeTelegram;
  let server: RunningServer;
  const group = { id: -1001234, type: 'supergroup' };
  beforeAll(async () => {
    tg = await new FakeTelegram().start();
    server = await startTestServer({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url });
    await grantAdmin(server.db.prisma, { telegram: '7200' });
  });
  afterAll(async () => {
    await server?.stop();
    await tg?.stop();
  });

  it("a resident cannot confirm an admin's broadcast in a group; the group gets one line, no dialog, no contact", async () => {
    const contactsBefore = await server.db.prisma.contact.count();
    tg.push(msg(1, 7200, group, '/nadaj@KoszalinNgoBot wszyscy | teraz | Zebranie') as never);
    await tg.waitFor(() => tg.sent(group.id).length >= 1);
    expect(tg.sent(group.id)[0]!.payload.text).toMatch(/tylko w czacie prywatnym.*t\.me\/KoszalinNgoBot/);
    tg.push(msg(2, 7201, group, 'tak') as never); // a resident "confirms"
    tg.push(msg(3, 7201, group, 'zwykła rozmowa w grupie') as never);
    tg.push(msg(4, 7201, group, '/start') as never); // a bare command may be for another bot in the group
    tg.push(msg(5, 7201, group, 'hej @KoszalinNgoBot, pomocy') as never); // a second mention within 10 minutes: no second post
    tg.push({
      update_id: 6,
      callback_query: {
        id: 'cbg',
        from: { id: 7201, is_bot: false, first_name: 'R' },
        chat_instance: '1',
        data: 'yes',
        message: { message_id: 9, date: 1, chat: group },
      },
    } as never);
    await tg.waitFor(() => tg.calls.some((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === 'cbg'));
    // The button press gets the notice as a toast to that person, not a post in the group.
    expect(tg.calls.find((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === 'cbg')?.payload.text).toMatch(
      /czacie prywatnym/,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await server.db.prisma.broadcast.count()).toBe(0);
    expect(await server.db.prisma.contact.count()).toBe(contactsBefore); // nobody was created or keyed by the group
    expect(await server.db.prisma.contactIdentity.count({ where: { chatId: String(group.id) } })).toBe(0);
    expect(await server.db.prisma.dialogState.count({ where: { key: { contains: String(group.id) } } })).toBe(0);
    // One line in the group in all: plain chatter and bare commands are ignored, repeats within 10 minutes too.
    expect(tg.sent(group.id)).toHaveLength(1);
  });

  it('the same person in a private chat gets the real conversation', async () => {
    tg.push(msg(7, 7201, { id: 7201, type: 'private' }, 'pomoc') as never); // update ids only grow, as Telegram's
    await tg.waitFor(() => tg.sent(7201).length >= 1, 20_000); // the first real turn loads the language model
    expect(tg.sent(7201)[0]!.payload.text).toMatch(/^Napisz adres/);
  });
});

describe(`privileged ports authorise the actor themselves on ${testDbKind}`, () => {
  let db: Database;
  let orgId: number;
  let otherOrgId: number;
  let eventId: number;
  let admin: number;
  let coordinator: number;
  let resident: number;
  let port: BroadcastCommands;
  let coordination: CoordinationRepository;
  const draft = (audience: { kind: 'EVERYONE' } | { kind: 'ORGANIZATION'; ref: number }, urgent = false) => ({
    audience,
    policy: 'TELEGRAM_FIRST' as const,
    urgent,
    firstRun: '2026-12-02T10:00:00.000Z',
    text: 'x',
  });

  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureCategories(db.prisma);
    orgId = (await db.prisma.organization.create({ data: { dedupeKey: 's:1', name: 'Klub' } })).id;
    otherOrgId = (await db.prisma.organization.create({ data: { dedupeKey: 's:2', name: 'Inna' } })).id;
    eventId = (
      await db.prisma.event.create({ data: { organizationId: orgId, title: 'Spotkanie', startsAt: new Date('2026-12-20T10:00:00Z') } })
    ).id;
    admin = await grantAdmin(db.prisma, { telegram: '7300' });
    coordinator = await grantCoordinator(db.prisma, { telegram: '7301' }, orgId);
    resident = (
      await db.prisma.contact.create({
        data: { displayName: 'Ala', identities: { create: [{ channel: 'SMS', address: '+48600730000' }] } },
      })
    ).id;
    await db.prisma.signup.create({ data: { eventId, contactId: resident, status: 'CONFIRMED' } });
    const geo = createGeo(db.prisma, { publicUrl: PUBLIC });
    port = new BroadcastCommands(db.prisma, new BroadcastService(db.prisma, { transliterate: true, pricePerSegment: 0.2 }), geo.categories);
    coordination = new CoordinationRepository(db.prisma);
  });
  afterAll(async () => db?.close());

  it('broadcasts: create refuses a resident, an unverified admin, a coordinator beyond their organisation', async () => {
    await expect(port.create({ contactId: resident, verifiedChannel: true }, draft({ kind: 'EVERYONE' }))).rejects.toThrow(/not allowed/);
    await expect(port.create({ contactId: admin, verifiedChannel: false }, draft({ kind: 'EVERYONE' }))).rejects.toThrow(/not allowed/);
    await expect(
      port.create({ contactId: coordinator, verifiedChannel: true }, draft({ kind: 'ORGANIZATION', ref: otherOrgId })),
    ).rejects.toThrow(/not allowed/);
    await expect(
      port.create({ contactId: coordinator, verifiedChannel: true }, draft({ kind: 'ORGANIZATION', ref: orgId }, true)),
    ).rejects.toThrow(/not allowed/);
    expect(await db.prisma.broadcast.count()).toBe(0);
    const id = await port.create({ contactId: admin, verifiedChannel: true }, draft({ kind: 'EVERYONE' }));
    expect((await db.prisma.broadcast.findUniqueOrThrow({ where: { id } })).createdById).toBe(admin);
  });

  it("broadcasts: nobody else edits or cancels someone's broadcast; an administrator may cancel", async () => {
    const id = await port.create({ contactId: coordinator, verifiedChannel: true }, draft({ kind: 'ORGANIZATION', ref: orgId }));
    expect(
      await port.update({ contactId: resident, verifiedChannel: true }, id, {
        ...draft({ kind: 'ORGANIZATION', ref: orgId }),
        text: 'hacked',
      }),
    ).toBe(false);
    expect(
      await port.update({ contactId: coordinator, verifiedChannel: false }, id, {
        ...draft({ kind: 'ORGANIZATION', ref: orgId }),
        text: 'hacked',
      }),
    ).toBe(false);
    expect(await port.cancel({ contactId: resident, verifiedChannel: true }, id)).toBe(false);
    expect(await port.cancel({ contactId: coordinator, verifiedChannel: false }, id)).toBe(false);
    expect((await db.prisma.broadcast.findUniqueOrThrow({ where: { id } })).text).toBe('x');
    // A coordinator who lost the role can no longer edit what they scheduled.
    await db.prisma.organizationMember.deleteMany({ where: { contactId: coordinator } });
    expect(
      await port.update({ contactId: coordinator, verifiedChannel: true }, id, {
        ...draft({ kind: 'ORGANIZATION', ref: orgId }),
        text: 'late',
      }),
    ).toBe(false);
    await grantCoordinator(db.prisma, { telegram: '7301' }, orgId);
    expect(await port.cancel({ contactId: admin, verifiedChannel: true }, id)).toBe(true);
  });

  it('events: create, change, cancel and the attendee list need a verified manager', async () => {
    await expect(coordination.attendees({ contactId: resident, verifiedChannel: true }, eventId)).rejects.toThrow(/not allowed/);
    await expect(coordination.attendees({ contactId: coordinator, verifiedChannel: false }, eventId)).rejects.toThrow(/verified/);
    await expect(coordination.cancel({ contactId: resident, verifiedChannel: true }, eventId)).rejects.toThrow(/not allowed/);
    await expect(coordination.update({ contactId: coordinator, verifiedChannel: false }, eventId, { place: 'x' })).rejects.toThrow(
      /verified/,
    );
    await expect(
      coordination.create(
        { contactId: coordinator, verifiedChannel: false },
        { organizationId: orgId, title: 't', startsAt: new Date('2026-12-21T10:00:00Z'), place: 'p', capacity: null },
      ),
    ).rejects.toThrow(/verified/);
    expect((await db.prisma.event.findUniqueOrThrow({ where: { id: eventId } })).status).toBe('SCHEDULED');
    const list = await coordination.attendees({ contactId: coordinator, verifiedChannel: true }, eventId);
    expect(list.map((a) => a.address)).toEqual(['+48600730000']);
  });

  it('sharing a number that belongs to another Telegram account does not take over that account or its role', async () => {
    const { ContactRepository } = await import('../bot/repositories/contacts.js');
    const contacts = new ContactRepository(db);
    const victim = await grantAdmin(db.prisma, { telegram: '7355' });
    await db.prisma.contactIdentity.create({ data: { contactId: victim, channel: 'SMS', address: '+48600735500' } });
    const attacker = (
      await db.prisma.contact.create({ data: { identities: { create: [{ channel: 'TELEGRAM', address: '7356', chatId: '7356' }] } } })
    ).id;
    expect(await contacts.linkPhone(attacker, '+48600735500')).toBe('other_account');
    expect((await db.prisma.contact.findUniqueOrThrow({ where: { id: attacker } })).role).toBe('RESIDENT');
    expect(
      (await db.prisma.contact.findUniqueOrThrow({ where: { id: victim }, include: { identities: true } })).identities
        .map((i) => i.address)
        .sort(),
    ).toEqual(['+48600735500', '7355']);
    // An SMS-only contact is still merged into the Telegram account that proves the number.
    const smsOnly = (await db.prisma.contact.create({ data: { identities: { create: [{ channel: 'SMS', address: '+48600735600' }] } } }))
      .id;
    expect(await contacts.linkPhone(attacker, '+48600735600')).toBe('merged');
    expect(await db.prisma.contact.findUnique({ where: { id: smsOnly } })).toBeNull();
  });

  it('a Telegram identity that recorded a group as its chat (before the fix) is sent to the private chat after migrating', async () => {
    const { applyMigrations } = await import('../prisma/migrate.js');
    const c = await db.prisma.contact.create({
      data: { identities: { create: [{ channel: 'TELEGRAM', address: '7399', chatId: '-100777' }] } },
    });
    // Replay the data fix as a migration run would on an old database.
    await db.withSession(async (s) => {
      await s.exec(`DELETE FROM "_app_migrations" WHERE "name" = '20261204000000_telegram_private_chat_ids'`);
      await applyMigrations(s);
    });
    expect((await db.prisma.contactIdentity.findFirstOrThrow({ where: { contactId: c.id } })).chatId).toBe('7399');
  });

  it('the engine never runs a conversation whose chat is not the person (a group), and keys no state by it', async () => {
    const h = makeEngine(db, productFeatures(db).features, new FixedClock());
    const replies = await h.user('telegram:7300', { conversationId: '-100555' }).says('NADAJ wszyscy | teraz | x');
    expect(replies).toMatch(/tylko w czacie prywatnym/);
    expect(await db.prisma.dialogState.count({ where: { key: { contains: '-100555' } } })).toBe(0);
    expect(await db.prisma.contactIdentity.count({ where: { chatId: '-100555' } })).toBe(0);
  });
});

describe(`SMS routes in local mode (no Twilio credentials) on ${testDbKind}`, () => {
  let server: RunningServer;
  let adminId: number;
  const OLD_PUBLIC_TOKEN = 'local-development-token';
  const form = (params: Record<string, string>, url: string, token: string) => ({
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(token, url, params),
    },
    body: new URLSearchParams(params),
  });
  /** Signed as the server expects (this start's token; the old code's public one), so only the rule under test decides. */
  const token = () => server.localSmsToken ?? OLD_PUBLIC_TOKEN;
  const remoteAddress = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

  beforeAll(async () => {
    server = await startTestServer({ PUBLIC_URL: PUBLIC, HOST: '0.0.0.0' });
    adminId = await grantAdmin(server.db.prisma, { telegram: '7400' });
    await server.db.prisma.contactIdentity.create({ data: { contactId: adminId, channel: 'SMS', address: '+48600740000' } });
  });
  afterAll(async () => server?.stop());

  it('listening on every interface, even an unsigned request from this machine is refused (a local proxy could relay it)', async () => {
    const res = await fetch(`${server.url}/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        MessageSid: 'SMsec00000000000000000000000000009',
        From: '+48600740000',
        To: '+48947000000',
        Body: 'STOP',
      }),
    });
    expect(res.status).toBe(403);
    expect((await server.db.prisma.contact.findUniqueOrThrow({ where: { id: adminId } })).status).toBe('ACTIVE');
  });

  it("a reused message id from another number gets none of the first sender's kept replies", async () => {
    const sid = 'SMreuse0000000000000000000000000001';
    const first = await (
      await fetch(
        `${server.url}/sms`,
        form({ MessageSid: sid, From: '+48600740050', To: '+48947000000', Body: 'pomoc' }, `${PUBLIC}/sms`, token()),
      )
    ).text();
    expect(first).toMatch(/<Message>/);
    const other = await (
      await fetch(
        `${server.url}/sms`,
        form({ MessageSid: sid, From: '+48600740051', To: '+48947000000', Body: 'pomoc' }, `${PUBLIC}/sms`, token()),
      )
    ).text();
    expect(other).not.toMatch(/<Message>/);
    const again = await (
      await fetch(
        `${server.url}/sms`,
        form({ MessageSid: sid, From: '+48600740050', To: '+48947000000', Body: 'pomoc' }, `${PUBLIC}/sms`, token()),
      )
    ).text();
    expect(again).toBe(first); // the real provider retry still gets its answer
  });

  it('/healthz does not publish any SMS token', async () => {
    const body = await (await fetch(`${server.url}/healthz`)).text();
    expect(body).not.toContain(OLD_PUBLIC_TOKEN);
    expect(body).not.toContain(server.localSmsToken!);
  });

  it('refuses a request relayed by a proxy or coming from another machine, even signed with the old public token', async () => {
    const params = { MessageSid: 'SMsec00000000000000000000000000001', From: '+48600740000', To: '+48947000000', Body: 'USUŃ MOJE DANE' };
    const proxied = form(params, `${PUBLIC}/sms`, OLD_PUBLIC_TOKEN);
    const r1 = await fetch(`${server.url}/sms`, { ...proxied, headers: { ...proxied.headers, 'x-forwarded-for': '203.0.113.9' } });
    expect(r1.status).toBe(403);
    if (remoteAddress) {
      const port = new URL(server.url).port;
      expect((await fetch(`http://${remoteAddress}:${port}/sms`, form(params, `${PUBLIC}/sms`, OLD_PUBLIC_TOKEN))).status).toBe(403);
      // Signed with this start's own token (known only in memory), a remote request is accepted.
      const ok = form(
        { ...params, MessageSid: 'SMsec00000000000000000000000000002', Body: 'pomoc' },
        `${PUBLIC}/sms`,
        server.localSmsToken!,
      );
      expect((await fetch(`http://${remoteAddress}:${port}/sms`, ok)).status).toBe(200);
    }
    expect(await server.db.prisma.inboundMessage.count({ where: { externalId: 'SMsec00000000000000000000000000001' } })).toBe(0);
  });

  it('a status callback stops only the contact its delivery went to, never a number it names', async () => {
    const resident = (
      await server.db.prisma.contact.create({ data: { identities: { create: [{ channel: 'SMS', address: '+48600740001' }] } } })
    ).id;
    const b = await server.db.prisma.broadcast.create({ data: { audience: 'EVERYONE', text: 'x', status: 'COMPLETED' } });
    const run = await server.db.prisma.broadcastRun.create({ data: { broadcastId: b.id, plannedAt: new Date(), status: 'COMPLETED' } });
    await server.db.prisma.delivery.create({
      data: {
        runId: run.id,
        contactId: resident,
        channel: 'SMS',
        status: 'SENT',
        providerMessageId: 'SMdeliv0000000000000000000000000001',
      },
    });
    const status = (sid: string, to: string) =>
      fetch(
        `${server.url}/sms/status`,
        form({ MessageSid: sid, MessageStatus: 'failed', ErrorCode: '21610', To: to }, `${PUBLIC}/sms/status`, token()),
      );
    // Forged: an unknown message id naming the administrator's number.
    expect((await status('SMforged000000000000000000000000001', '+48600740000')).status).toBe(204);
    // A real delivery's id, with another number in To: only the delivery's own contact is stopped.
    expect((await status('SMdeliv0000000000000000000000000001', '+48600740000')).status).toBe(204);
    expect((await server.db.prisma.contact.findUniqueOrThrow({ where: { id: adminId } })).status).toBe('ACTIVE');
    expect((await server.db.prisma.contact.findUniqueOrThrow({ where: { id: resident } })).status).toBe('STOPPED');
  });

  it("'delete my data' by SMS from an administrator's phone erases nothing and points to Telegram", async () => {
    const sms = (sid: string, body: string) =>
      fetch(`${server.url}/sms`, form({ MessageSid: sid, From: '+48600740000', To: '+48947000000', Body: body }, `${PUBLIC}/sms`, token()));
    const first = await (await sms('SMerase00000000000000000000000000001', 'USUŃ MOJE DANE')).text();
    expect(first).toMatch(/Telegram/);
    await sms('SMerase00000000000000000000000000002', 'TAK');
    const c = await server.db.prisma.contact.findUnique({ where: { id: adminId }, include: { identities: true } });
    expect(c?.role).toBe('ADMIN');
    expect(c?.identities.map((i) => i.channel).sort()).toEqual(['SMS', 'TELEGRAM']);
    // A resident who only has SMS can still delete their data by SMS.
    const r = (sid: string, body: string) =>
      fetch(`${server.url}/sms`, form({ MessageSid: sid, From: '+48600740099', To: '+48947000000', Body: body }, `${PUBLIC}/sms`, token()));
    await r('SMerase00000000000000000000000000004', 'USUŃ MOJE DANE');
    expect(await (await r('SMerase00000000000000000000000000005', 'TAK')).text()).toMatch(/usuniete/);
    expect(await server.db.prisma.contactIdentity.count({ where: { address: '+48600740099' } })).toBe(0);
  });
});
