/**
 * "Delete my data" checked against every table of the schema: after the erasure no row anywhere holds the
 * person's phone number, Telegram id, name, consent words, location, or a reference to their contact id;
 * deliveries keep their anonymous counts; a seat they held goes to the waitlist. Before the erasure the same scan
 * finds them in many tables, so the scan can fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import internals from '@prisma/internals';
import { postSignedSms, startTestServer } from './support/server.js';
import { openTestDatabase } from './support/db.js';
import type { RunningServer } from '../bot/server.js';
import { EventRepository } from '../bot/repositories/events.js';
import { FakeTelegram } from './support/fake-telegram.js';

const PUBLIC = 'https://bot.example.org';
const PHONE = '+48600123987';
const TG = '7770001119';
const NAME = 'Zofia Erasurowska';
const CONSENT = 'TAK zgadzam się erasure-test';
const LAT = '54.1877231';

describe('erasure of a contact, checked in every table', () => {
  let server: RunningServer;
  let tg: FakeTelegram;
  let models: Array<{ name: string; fields: Array<{ name: string; kind: string; type: string; relationFromFields?: readonly string[] }> }>;
  beforeAll(async () => {
    tg = await new FakeTelegram().start();
    server = await startTestServer(
      { PUBLIC_URL: PUBLIC, SMS_QUIET_HOURS: 'off', TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.url },
      { db: await openTestDatabase() },
    );
    const { datamodel } = await internals.getDMMF({ datamodel: readFileSync('prisma/schema.prisma', 'utf8') });
    models = datamodel.models as never;
  });
  afterAll(async () => {
    await server?.stop();
    await tg?.stop();
  });

  /** Every row of every model of schema.prisma, as JSON text, by table. */
  async function dump(): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const m of models) {
      const rows = await server.db.prisma.$queryRawUnsafe<Array<{ j: string }>>(`SELECT row_to_json(t)::text AS j FROM "${m.name}" t`);
      out.set(
        m.name,
        rows.map((r) => r.j),
      );
    }
    return out;
  }

  /** Columns that point at a contact: relation fields to Contact, plus plain contact ids without a foreign key. */
  function contactColumns(): Array<[string, string]> {
    const cols: Array<[string, string]> = [];
    for (const m of models) {
      for (const f of m.fields)
        if (f.kind === 'object' && f.type === 'Contact') for (const c of f.relationFromFields ?? []) cols.push([m.name, c]);
      for (const f of m.fields)
        if (
          f.kind === 'scalar' &&
          /^(contactId|usedById|createdById|residentId|takenById|answeredById|authorId)$/.test(f.name) &&
          !cols.some(([t, c]) => t === m.name && c === f.name)
        )
          cols.push([m.name, f.name]);
    }
    return cols;
  }

  function findPersonal(d: Map<string, string[]>, contactId: number): string[] {
    const needles = [PHONE, PHONE.slice(3), TG, NAME, CONSENT, LAT, `contact:${contactId}"`];
    const hits: string[] = [];
    for (const [table, rows] of d) for (const r of rows) for (const n of needles) if (r.includes(n)) hits.push(`${table} has ${n}`);
    return [...new Set(hits)].sort();
  }

  it('removes the person everywhere, keeps anonymous delivery counts and hands the seat on', async () => {
    const prisma = server.db.prisma;
    const say = async (text: string) => {
      const res = await postSignedSms(server.url, PUBLIC, PHONE, text);
      expect(res.status).toBe(200);
      return res.text();
    };
    // Their own conversation: help, a location for the nearest organisations (kept in the conversation state).
    await say('pomoc');
    await say(`54.1877231, 16.1722011`);
    const contact = (await prisma.contactIdentity.findUniqueOrThrow({ where: { channel_address: { channel: 'SMS', address: PHONE } } }))
      .contactId;
    await prisma.contact.update({
      where: { id: contact },
      data: { displayName: NAME, consentText: CONSENT, consentAt: new Date(), consentChannel: 'SMS', homeDistrict: 'Rokosowo' },
    });
    // The same person on Telegram, with a conversation of their own.
    await prisma.contactIdentity.create({ data: { contactId: contact, channel: 'TELEGRAM', address: TG, chatId: TG } });
    await prisma.dialogState.create({
      data: { key: `telegram/conversations/${TG}`, eTag: 'x', data: { dialogState: { point: { lat: Number(LAT), lng: 16.17 } } } },
    });
    await prisma.inboundMessage.create({
      data: { channel: 'TELEGRAM', externalId: '991', sender: TG, replies: [{ kind: 'text', text: 'Hej' }] },
    });
    // An organisation they coordinate, a topic and organisation they follow, an event where they hold the only seat.
    const category = await prisma.category.create({ data: { slug: 'erasure-cat', namePl: 'Kat', nameEn: 'Cat', nameUk: 'Кат' } });
    const org = await prisma.organization.create({
      data: { name: 'Stowarzyszenie Erasure', dedupeKey: 'erasure-test', lat: 54.19, lng: 16.18 },
    });
    await prisma.organizationMember.create({ data: { contactId: contact, organizationId: org.id, role: 'COORDINATOR' } });
    await prisma.subscription.create({
      data: { contactId: contact, target: `category:${category.id}`, categoryId: category.id, channel: 'SMS', consentText: CONSENT },
    });
    await prisma.subscription.create({
      data: { contactId: contact, target: `organization:${org.id}`, organizationId: org.id, channel: 'TELEGRAM' },
    });
    const event = await prisma.event.create({
      data: { organizationId: org.id, title: 'Sprzątanie', startsAt: new Date(Date.now() + 7 * 86_400_000), capacity: 1 },
    });
    const events = new EventRepository(prisma);
    expect((await events.signUp(event.id, contact, new Date())).kind).toBe('confirmed');
    const other = await prisma.contact.create({ data: { identities: { create: [{ channel: 'SMS', address: '+48600999888' }] } } });
    expect((await events.signUp(event.id, other.id, new Date())).kind).toBe('waitlisted');
    await prisma.eventNotice.create({ data: { eventId: event.id, contactId: contact, kind: 'reminder:24h' } });
    // A broadcast they sent (progress in their Telegram chat) and deliveries, one to them that failed quoting the number.
    const b = await prisma.broadcast.create({
      data: {
        createdById: contact,
        organizationId: org.id,
        audience: 'ORGANIZATION',
        audienceRef: org.id,
        text: 'Zebranie w piątek',
        progressChatId: TG,
        progressMessageId: '55',
      },
    });
    const run = await prisma.broadcastRun.create({ data: { broadcastId: b.id, plannedAt: new Date(), status: 'COMPLETED' } });
    await prisma.delivery.create({
      data: {
        runId: run.id,
        contactId: contact,
        channel: 'SMS',
        status: 'FAILED',
        errorCode: '21211',
        errorMessage: `The 'To' number ${PHONE} is not a valid phone number.`,
      },
    });
    await prisma.delivery.create({ data: { runId: run.id, contactId: other.id, channel: 'SMS', status: 'DELIVERED' } });
    // An earlier run that reached them on Telegram: its provider id names their chat.
    const run0 = await prisma.broadcastRun.create({
      data: { broadcastId: b.id, plannedAt: new Date(Date.now() - 86_400_000), status: 'COMPLETED' },
    });
    await prisma.delivery.create({
      data: { runId: run0.id, contactId: contact, channel: 'TELEGRAM', status: 'SENT', providerMessageId: `tg:${TG}:4242` },
    });
    // Another person's kept replies name them: a coordinator's attendee list (document) and a text.
    await prisma.inboundMessage.create({
      data: {
        channel: 'TELEGRAM',
        externalId: '992',
        sender: '5550009',
        replies: [
          { kind: 'text', text: 'Zapisani: 1' },
          {
            kind: 'document',
            filename: 'a.csv',
            mime: 'text/csv',
            content: `name,channel,address\r\n${NAME},SMS,${PHONE}\r\n`,
            caption: 'Lista',
          },
        ],
      },
    });
    await prisma.inboundMessage.create({
      data: { channel: 'TELEGRAM', externalId: '993', sender: '5550009', replies: [{ kind: 'text', text: 'Nothing about anyone' }] },
    });
    await prisma.inviteCode.create({
      data: {
        code: 'ERASE1',
        organizationId: org.id,
        role: 'COORDINATOR',
        expiresAt: new Date(Date.now() + 86_400_000),
        usedAt: new Date(),
        usedById: contact,
      },
    });
    await prisma.auditLog.create({ data: { actor: `contact:${contact}`, action: 'invite.redeemed', subject: `organization:${org.id}` } });
    // A question they asked (its text names them), shown to a member, with an answer waiting; their last list.
    const q = await prisma.questionThread.create({
      data: {
        organizationId: org.id,
        residentId: contact,
        residentChannel: 'SMS',
        pseudonym: 'K7QP',
        sharesNumber: true,
        takenById: contact,
        messages: {
          create: [
            { author: 'RESIDENT', authorId: contact, text: `Tu ${NAME}, ${PHONE}` },
            { author: 'ORGANIZATION', text: 'Tak', relayStatus: 'PENDING' },
          ],
        },
      },
    });
    await prisma.questionNotice.create({ data: { threadId: q.id, contactId: contact, kind: 'question', chatId: TG, messageId: '7' } });
    await prisma.recentOrganizationList.create({ data: { contactId: contact, organizationIds: [org.id] } });

    const before = findPersonal(await dump(), contact);
    // The scan sees the person in all these places before the erasure (so it can fail afterwards).
    expect(before).toEqual(expect.arrayContaining([`Delivery has ${TG}`, `InboundMessage has ${NAME}`, `InboundMessage has ${PHONE}`]));
    for (const t of [
      'Contact',
      'ContactIdentity',
      'DialogState',
      'InboundMessage',
      'SenderQuota',
      'Delivery',
      'Broadcast',
      'AuditLog',
      'Subscription',
    ]) {
      expect(
        before.some((h) => h.startsWith(`${t} has`)),
        `${t} before erasure: ${before.join('; ')}`,
      ).toBe(true);
    }
    const deliveriesBefore = await prisma.delivery.groupBy({ by: ['status'], _count: true, orderBy: { status: 'asc' } });

    // The erasure, as the person does it: from Telegram (a coordinator with a Telegram identity cannot be erased by SMS).
    let updateId = 500;
    const tell = async (text: string) => {
      const before = tg.sent(TG).length;
      tg.push({
        update_id: ++updateId,
        message: {
          message_id: updateId,
          from: { id: Number(TG), is_bot: false, first_name: 'Zofia' },
          chat: { id: Number(TG), type: 'private' },
          date: 1,
          text,
        },
      });
      await tg.waitFor(() => tg.sent(TG).length > before);
      return tg
        .sent(TG)
        .slice(before)
        .map((c) => String(c.payload.text))
        .join('\n');
    };
    expect(await tell('usuń moje dane')).toMatch(/TAK/);
    expect(await tell('tak')).toMatch(/usuni/i);

    const after = await dump();
    expect(findPersonal(after, contact)).toEqual([]);
    // Other people's kept replies that did not name them are left as they were.
    expect(
      (await prisma.inboundMessage.findUniqueOrThrow({ where: { channel_externalId: { channel: 'TELEGRAM', externalId: '993' } } }))
        .replies,
    ).toEqual([{ kind: 'text', text: 'Nothing about anyone' }]);
    // No column anywhere refers to the erased contact id.
    const refs: string[] = [];
    for (const [table, column] of contactColumns()) {
      const n = await prisma.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" = $1`,
        contact,
      );
      if (n[0]!.n) refs.push(`${table}.${column}`);
    }
    expect(contactColumns().map(([t, c]) => `${t}.${c}`)).toEqual(
      expect.arrayContaining([
        'ContactIdentity.contactId',
        'Signup.contactId',
        'Delivery.contactId',
        'EventNotice.contactId',
        'InviteCode.usedById',
        'Broadcast.createdById',
        'Subscription.contactId',
        'OrganizationMember.contactId',
      ]),
    );
    expect(refs).toEqual([]);
    // The erasure's own inbound messages went too (their ids and replies hold nothing once the sender is gone).
    expect(await prisma.inboundMessage.count({ where: { sender: PHONE } })).toBe(0);
    // Anonymous counts stay: the same deliveries by status, the broadcast and its text.
    expect(await prisma.delivery.groupBy({ by: ['status'], _count: true, orderBy: { status: 'asc' } })).toEqual(deliveriesBefore);
    expect((await prisma.broadcast.findUniqueOrThrow({ where: { id: b.id } })).text).toBe('Zebranie w piątek');
    expect(await prisma.auditLog.count({ where: { action: 'contact.erased' } })).toBe(1);
    // The question stays for the city's counts, closed and anonymous; its answer is not sent to nobody.
    expect(await prisma.questionThread.findUniqueOrThrow({ where: { id: q.id } })).toMatchObject({
      residentId: null,
      status: 'CLOSED',
      sharesNumber: false,
    });
    expect(
      (await prisma.questionMessage.findMany({ where: { threadId: q.id }, orderBy: { id: 'asc' } })).map((m) => m.relayStatus),
    ).toEqual([null, 'SKIPPED']);
    // The seat they held went to the person on the waitlist.
    expect((await prisma.signup.findFirstOrThrow({ where: { eventId: event.id, contactId: other.id } })).status).toBe('CONFIRMED');
    const outbox = server.outbound.sms as unknown as { sent: Array<{ to: string; body: string }> };
    expect(outbox.sent.filter((m) => m.to === '+48600999888').map((m) => m.body)).toEqual([expect.stringMatching(/Sprzątanie|Sprzatanie/)]);
    // Writing again starts from nothing: a new contact, no subscriptions.
    await say('pomoc');
    const again = await prisma.contactIdentity.findUniqueOrThrow({ where: { channel_address: { channel: 'SMS', address: PHONE } } });
    expect(again.contactId).not.toBe(contact);
    expect(await prisma.subscription.count({ where: { contactId: again.contactId } })).toBe(0);
  });
});

describe('kept replies and the 24-hour promise for shared points', () => {
  it('replies kept for provider retries lose their text after CONVERSATION_RETENTION_HOURS; the message id stays', async () => {
    const { applyRetention } = await import('../bot/retention.js');
    const db = await openTestDatabase();
    try {
      const p = db.prisma;
      const now = new Date('2026-11-25T12:00:00Z');
      const h = (n: number) => new Date(now.getTime() - n * 3_600_000);
      const point = [
        { kind: 'text', text: `Najbliżej ${LAT}, 16.1722011:` },
        { kind: 'venue', title: 'Org', address: 'ul. X', lat: 54.19, lng: 16.18 },
      ];
      await p.inboundMessage.createMany({
        data: [
          { channel: 'SMS', externalId: 'old', sender: PHONE, replies: point, receivedAt: h(25) },
          { channel: 'SMS', externalId: 'fresh', sender: PHONE, replies: point, receivedAt: h(23) },
        ],
      });
      await applyRetention(p, now, { inboundDays: 7, conversationHours: 24 });
      const rows = await p.inboundMessage.findMany({ orderBy: { externalId: 'asc' } });
      expect(rows.map((r) => [r.externalId, JSON.stringify(r.replies).includes(LAT)])).toEqual([
        ['fresh', true],
        ['old', false],
      ]);
      // Still a duplicate for a late retry (answered with nothing rather than processed again).
      expect(rows.find((r) => r.externalId === 'old')!.replies).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
